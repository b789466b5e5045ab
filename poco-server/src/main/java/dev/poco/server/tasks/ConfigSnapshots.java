package dev.poco.server.tasks;

import dev.poco.server.attachments.AttachmentStore;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.Json;
import dev.poco.server.common.ValidationException;
import dev.poco.server.localfolders.LocalFolders;
import dev.poco.server.models.ModelCatalog;
import dev.poco.server.network.NetworkConfig;
import dev.poco.server.network.NetworkPolicies;
import dev.poco.server.projects.Project;
import dev.poco.server.sessions.InputFile;
import dev.poco.server.sessions.TaskConfig;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * poco's {@code _build_config_snapshot} (reference §3.2 step 3–4): merges the fields a caller sent
 * into the session's config, applies the model rule, resolves MCP/skill/plugin/subagent ids from
 * the toggles or the user's enabled installs, and fills project repository defaults. The session keeps the
 * {@code network} the user chose; the run's snapshot gets the effective policy ({@link NetworkPolicies}). Attached
 * {@code local_folders} are checked ({@link LocalFolders}) and stored in their checked form.
 */
@Component
class ConfigSnapshots {

    private static final Set<String> DROPPED_FROM_BASE = Set.of("mcp_config", "skill_files", "plugin_files",
            "input_files");

    private final Json json;
    private final ModelCatalog models;
    private final InstallDefaults installs;
    private final Validator validator;
    private final AttachmentStore attachments;
    private final NetworkPolicies network;
    private final LocalFolders localFolders;

    ConfigSnapshots(Json json, ModelCatalog models, InstallDefaults installs, Validator validator,
            AttachmentStore attachments, NetworkPolicies network, LocalFolders localFolders) {
        this.json = json;
        this.localFolders = localFolders;
        this.network = network;
        this.attachments = attachments;
        this.models = models;
        this.installs = installs;
        this.validator = validator;
    }

    /** The session config after a task; {@code sent} is the request's raw {@code config} object. */
    ObjectNode build(String userId, @Nullable JsonNode base, @Nullable JsonNode sent, @Nullable Project project) {
        ObjectNode merged = json.object();
        if (base != null && base.isObject()) {
            base.properties().forEach(e -> {
                if (!DROPPED_FROM_BASE.contains(e.getKey())) {
                    merged.set(e.getKey(), e.getValue());
                }
            });
        }
        ObjectNode explicit = json.object();
        if (sent != null && !sent.isNull()) { // "config": null is no config, as in poco
            if (!sent.isObject()) {
                throw ValidationException.of("config", "must be an object");
            }
            TaskConfig typed = checkTypes((ObjectNode) sent);
            sent.properties().forEach(e -> {
                if (!e.getKey().equals("input_files")) {
                    explicit.set(e.getKey(), e.getValue());
                }
            });
            NetworkConfig chosen = typed.network();
            if (chosen != null) {
                explicit.set("network", json.toTree(network.normalise(chosen)));
            }
            JsonNode folders = sent.get("local_folders");
            if (folders != null && !folders.isNull()) {
                explicit.set("local_folders", localFolders.normalise(folders));
            }
        }
        JsonNode mcpToggles = explicit.remove("mcp_config");
        JsonNode skillToggles = explicit.remove("skill_config");
        JsonNode pluginToggles = explicit.remove("plugin_config");
        explicit.properties().forEach(e -> {
            JsonNode value = e.getValue();
            JsonNode current = merged.get(e.getKey());
            if (value.isNull()) {
                merged.remove(e.getKey());
            } else if (value.isObject() && current != null && current.isObject() && !e.getKey().equals("network")) {
                // a network is replaced whole: {"mode":"open"} after an allowlist must not keep its hosts
                ObjectNode shallow = ((ObjectNode) current).deepCopy();
                value.properties().forEach(inner -> shallow.set(inner.getKey(), inner.getValue()));
                merged.set(e.getKey(), shallow);
            } else {
                merged.set(e.getKey(), value);
            }
        });
        applyModelRule(merged, explicit);
        resolveIds(merged, "mcp_server_ids", mcpToggles, InstallDefaults.Kind.MCP, userId);
        resolveIds(merged, "skill_ids", skillToggles, InstallDefaults.Kind.SKILL, userId);
        resolveIds(merged, "plugin_ids", pluginToggles, InstallDefaults.Kind.PLUGIN, userId);
        if (!merged.path("subagent_ids").isArray()) {
            ArrayNode ids = merged.putArray("subagent_ids");
            installs.enabledSubagents(userId).forEach(ids::add);
        } else {
            merged.set("subagent_ids", normalizeIds(merged.get("subagent_ids"), "subagent_ids"));
        }
        if (project != null) {
            applyProjectDefaults(merged, project);
        }
        return merged;
    }

    /**
     * The sent config must have TaskConfig's types and limits (poco's pydantic model rejects
     * {@code "repo_url": 5} with a 422 too). It stays raw JSON for the merge; {@code model} is left
     * to {@link #applyModelRule}, which answers poco's BAD_REQUEST for it.
     */
    private TaskConfig checkTypes(ObjectNode sent) {
        ObjectNode typed = sent.deepCopy();
        typed.remove("model");
        TaskConfig config;
        try {
            config = json.mapper().treeToValue(typed, TaskConfig.class);
        } catch (JacksonException e) {
            String field = e instanceof DatabindException de ? de.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining()) : "";
            throw ValidationException.of("config" + field, "has the wrong type or is out of range");
        }
        List<Map<String, String>> errors = new ArrayList<>();
        for (ConstraintViolation<TaskConfig> v : validator.validate(config)) {
            errors.add(Map.of("field", "config." + snake(v.getPropertyPath().toString()), "message", v.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return config;
    }

    private static String snake(String path) {
        return path.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /**
     * Run snapshot = session snapshot + the request's input files (only when it had some), with the effective
     * network policy in place of the session's choice. Uploaded files must be the caller's own: the runner fetches
     * any key with its token.
     *
     * @param projectNetwork the network of the session's project, null when none
     */
    ObjectNode forRun(String userId, ObjectNode sessionConfig, @Nullable JsonNode sent,
            @Nullable NetworkConfig projectNetwork) {
        ObjectNode run = sessionConfig.deepCopy();
        network.applyTo(run, projectNetwork);
        JsonNode files = sent == null ? null : sent.get("input_files");
        if (files != null && !files.isNull()) {
            if (!files.isArray()) {
                throw ValidationException.of("config.input_files", "must be a list");
            }
            ArrayNode validated = run.putArray("input_files");
            for (int i = 0; i < files.size(); i++) {
                InputFile file;
                try {
                    file = json.mapper().treeToValue(files.get(i), InputFile.class);
                } catch (JacksonException e) {
                    throw ValidationException.of("config.input_files[" + i + "]", "is not a valid input file");
                }
                if (file.name() == null || file.name().isBlank() || file.source() == null || file.source().isBlank()) {
                    throw ValidationException.of("config.input_files[" + i + "]", "needs a name and a source");
                }
                if (file.type() == null || file.type().equals("file")) {
                    attachments.requireOwnSource(userId, file.source(), "config.input_files[" + i + "].source");
                }
                ObjectNode node = (ObjectNode) json.toTree(file);
                if (!node.hasNonNull("type")) {
                    node.put("type", "file");
                }
                validated.add(node);
            }
            if (validated.isEmpty()) {
                run.remove("input_files");
            }
        }
        return run;
    }

    private void applyModelRule(ObjectNode merged, ObjectNode explicit) {
        if (!explicit.has("model")) {
            return;
        }
        JsonNode model = explicit.get("model");
        if (model.isNull() || (model.isString() && model.asString().isBlank())) {
            merged.remove("model");
            return;
        }
        if (!model.isString()) {
            throw new BadRequestException("model must be a string or null");
        }
        String name = model.asString().strip();
        if (models.isDefault(name)) {
            merged.remove("model"); // inherit a future change of the default
        } else if (models.isAllowed(name)) {
            merged.put("model", name);
        } else {
            throw new BadRequestException("Invalid model: " + name + ". Allowed: " + allowedModels());
        }
    }

    private String allowedModels() {
        List<String> all = new ArrayList<>();
        all.add(models.defaultModel());
        all.addAll(models.modelList());
        return String.join(", ", all);
    }

    private void resolveIds(ObjectNode merged, String key, @Nullable JsonNode toggles, InstallDefaults.Kind kind,
            String userId) {
        if (toggles != null && !toggles.isNull()) {
            if (!toggles.isObject()) {
                throw ValidationException.of("config." + kind.name().toLowerCase() + "_config",
                        "must be an object of id to true/false");
            }
            ArrayNode ids = json.mapper().createArrayNode();
            for (InstallDefaults.Install install : installs.installs(kind, userId)) {
                JsonNode toggle = toggles.get(String.valueOf(install.targetId()));
                boolean include = toggle != null ? toggle.asBoolean(false) : install.enabled();
                if (include) {
                    ids.add(install.targetId());
                }
            }
            merged.set(key, ids);
        } else if (merged.has(key)) {
            merged.set(key, normalizeIds(merged.get(key), key));
        } else {
            ArrayNode ids = merged.putArray(key);
            installs.installs(kind, userId).stream().filter(InstallDefaults.Install::enabled)
                    .forEach(i -> ids.add(i.targetId()));
        }
    }

    private ArrayNode normalizeIds(JsonNode value, String key) {
        ArrayNode ids = json.mapper().createArrayNode();
        if (!value.isArray()) {
            throw ValidationException.of("config." + key, "must be a list of integers");
        }
        Set<Integer> seen = new LinkedHashSet<>();
        for (JsonNode id : value) {
            if (id.isIntegralNumber() && id.canConvertToInt()) {
                seen.add(id.asInt());
            } else if (id.isString() && id.asString().strip().matches("\\d{1,9}")) {
                seen.add(Integer.parseInt(id.asString().strip()));
            } else {
                throw ValidationException.of("config." + key, "must be a list of integers");
            }
        }
        seen.forEach(ids::add);
        return ids;
    }

    private static void applyProjectDefaults(ObjectNode merged, Project project) {
        if (project.repoUrl() == null) {
            return;
        }
        if (!merged.has("repo_url")) {
            merged.put("repo_url", project.repoUrl());
            if (!merged.has("git_branch") && project.gitBranch() != null) {
                merged.put("git_branch", project.gitBranch());
            }
            if (!merged.has("git_token_env_key") && project.gitTokenEnvKey() != null) {
                merged.put("git_token_env_key", project.gitTokenEnvKey());
            }
        } else if (project.repoUrl().equals(merged.path("repo_url").asString(""))) {
            if (!merged.has("git_branch") && project.gitBranch() != null) {
                merged.put("git_branch", project.gitBranch());
            }
            if (!merged.has("git_token_env_key") && project.gitTokenEnvKey() != null) {
                merged.put("git_token_env_key", project.gitTokenEnvKey());
            }
        }
    }
}
