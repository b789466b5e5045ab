package dev.poco.protocol.spec;

import dev.poco.protocol.PermissionMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads poco's untyped run {@code config_snapshot} (reference poco-backend-data.md §2.1) into a
 * {@link RunSpec}. Lenient by design: the snapshot is whatever a poco database holds, legacy keys
 * included, so a value of the wrong type is skipped (its section keeps its default) and never
 * fails the claim. The knowledge of poco's legacy shapes ({@code s3_key}, unnamed inputs, ids as
 * strings) lives here and nowhere else.
 */
public final class ConfigSnapshotReader {

    private ConfigSnapshotReader() {}

    /**
     * @param snapshot the run's config snapshot (or its session's); null or not an object gives defaults
     * @param prompt the user's message text
     * @param permissionMode the run's {@code permission_mode}; unknown values are {@code default}
     * @param sdkSessionId the agent session to resume; null or blank starts a new one
     */
    public static RunSpec read(@Nullable JsonNode snapshot, String prompt, @Nullable String permissionMode,
            @Nullable String sdkSessionId) {
        JsonNode config = snapshot != null && snapshot.isObject() ? snapshot : null;
        Resume resume = sdkSessionId == null || sdkSessionId.isBlank() ? null : new Resume(sdkSessionId);
        if (config == null) {
            return RunSpec.of(prompt).withPermissionMode(PermissionMode.orDefault(permissionMode)).withResume(resume);
        }
        return new RunSpec(RunSpec.CURRENT, prompt, inputFiles(config.get("input_files")), text(config, "model"),
                PermissionMode.orDefault(permissionMode), resume, capabilities(config), network(config.get("network")),
                repository(config), new Browser(config.path("browser_enabled").asBoolean(false)),
                localFolders(config.get("local_folders")));
    }

    /**
     * The folders the server checked and wrote as {@code [{"path", "mode", "name"}]}; an entry it cannot read is left
     * out (the runner checks every path again against its own allowed roots before binding anything).
     */
    private static List<LocalFolder> localFolders(@Nullable JsonNode folders) {
        if (folders == null || !folders.isArray()) {
            return List.of();
        }
        List<LocalFolder> result = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode item : folders) {
            String path = item.isObject() ? text(item, "path") : null;
            String name = item.isObject() ? text(item, "name") : null;
            String mode = item.isObject() ? text(item, "mode") : null;
            if (path == null || name == null || mode == null || !LocalFolder.validName(name) || !names.add(name)) {
                continue;
            }
            LocalFolder.Mode.parse(mode).ifPresent(m -> result.add(new LocalFolder(path, m, name)));
        }
        return List.copyOf(result);
    }

    private static List<InputFile> inputFiles(@Nullable JsonNode files) {
        if (files == null || !files.isArray()) {
            return List.of();
        }
        List<InputFile> result = new ArrayList<>();
        for (JsonNode item : files) {
            if (!item.isObject()) {
                continue;
            }
            String type = text(item, "type");
            String id = text(item, "id");
            // poco's attachment stager also accepted these legacy key names for the storage key.
            String source = firstText(item, "source", "s3_key", "key");
            String name = firstText(item, "name", "id");
            if (type == null || type.equals("file")) {
                // A file without a source stays in the spec: staging it fails the run with a message naming it.
                result.add(new InputFile.Attachment(id, name != null ? name : source != null ? source : "",
                        source != null ? source : "", item.path("size").isIntegralNumber()
                                ? item.path("size").asLong() : null, text(item, "content_type")));
            } else {
                String label = name != null ? name : source != null ? source : type;
                result.add(new InputFile.Url(id, label, source != null ? source : ""));
            }
        }
        return List.copyOf(result);
    }

    private static Capabilities capabilities(JsonNode config) {
        JsonNode subagents = config.get("subagent_ids");
        return new Capabilities(ids(config.get("skill_ids")), ids(config.get("plugin_ids")),
                ids(config.get("mcp_server_ids")), subagents != null && subagents.isArray() ? ids(subagents) : null,
                List.of(), null, List.of(), null);
    }

    /**
     * The server writes the run's effective policy as {@code {"mode": …, "hosts": […]}}; a snapshot without one (poco's,
     * or older runs) and anything unreadable is {@link NetworkPolicy#NONE}: no network is the safe reading.
     */
    private static NetworkPolicy network(@Nullable JsonNode network) {
        if (network == null || !network.isObject()) {
            return NetworkPolicy.NONE;
        }
        return switch (network.path("mode").asString("none")) {
            case "open" -> new NetworkPolicy.Open();
            case "allowlist" -> {
                List<String> hosts = new ArrayList<>();
                for (JsonNode host : network.path("hosts")) {
                    if (host.isString() && !host.asString().isBlank()) {
                        hosts.add(host.asString().strip());
                    }
                }
                yield new NetworkPolicy.Allowlist(hosts);
            }
            default -> NetworkPolicy.NONE;
        };
    }

    private static @Nullable Repository repository(JsonNode config) {
        String url = text(config, "repo_url");
        return url == null ? null : new Repository(url, text(config, "git_branch"), text(config, "git_token_env_key"));
    }

    /** Integers, or strings of digits (older snapshots); anything else is skipped. Duplicates once. */
    private static List<Integer> ids(@Nullable JsonNode value) {
        if (value == null || !value.isArray()) {
            return List.of();
        }
        Set<Integer> ids = new LinkedHashSet<>();
        for (JsonNode id : value) {
            if (id.isIntegralNumber() && id.canConvertToInt()) {
                ids.add(id.asInt());
            } else if (id.isString() && id.asString().strip().matches("\\d{1,9}")) {
                ids.add(Integer.parseInt(id.asString().strip()));
            }
        }
        return List.copyOf(ids);
    }

    private static @Nullable String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = text(node, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** A non-blank string field, or null. */
    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }
}
