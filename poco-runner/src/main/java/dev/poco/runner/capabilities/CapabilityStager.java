package dev.poco.runner.capabilities;

import dev.poco.protocol.spec.ResolvedCapabilities;
import dev.poco.runner.sandbox.SandboxSpec;
import dev.poco.runner.server.ResolveAnswers;
import dev.poco.runner.workspace.SessionWorkspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a run's resolved capabilities where poco's stagers put them (reference poco-execution.md §1.8), below the
 * session's {@code .claude_data/} (the agent's {@code ~/.claude}):
 *
 * <ul>
 *   <li>{@code skills/<name>/}: the skill's package; skill folders not in the run are removed;
 *   <li>{@code plugins/<name>/}: the plugin's package, passed with {@code --plugin-dir} when it holds
 *       {@code .claude-plugin/plugin.json}; folders not in the run are removed;
 *   <li>{@code commands/<name>.md}: every {@code *.md} is replaced by the run's commands;
 *   <li>{@code agents/<name>.md}: raw subagents, likewise; structured ones become {@code --agents};
 *   <li>{@code CLAUDE.md}: the user's memory file, newline-terminated, or removed when disabled.
 * </ul>
 *
 * MCP servers go to {@code mcp-config.json} in the run's private directory ({@code <session>/private/<run>/}, mode
 * 0700, never mounted whole; the file alone is bound read-only into the sandbox, so it is mode 0644 for the
 * sandbox's uid). Runs while no sandbox of the session runs: the agent can leave links in {@code .claude_data}, and
 * every entry written here is first removed (the link itself) and then created without following links.
 */
public final class CapabilityStager {

    /** Where the run's private files live, below the session directory. */
    public static final String PRIVATE_DIR = "private";
    static final String MCP_CONFIG_FILE = "mcp-config.json";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();
    /** Keys the fingerprint: it tells equal configurations apart within this runner but reveals nothing of secrets. */
    private static final byte[] FINGERPRINT_KEY = randomKey();

    /** Opens a package's zip (skill or plugin, by id). */
    @FunctionalInterface
    public interface Packages {
        InputStream open(Kind kind, int id) throws InterruptedException;
    }

    public enum Kind {
        SKILL("skills", PackageArchive.Limits.SKILL),
        PLUGIN("plugins", PackageArchive.Limits.PLUGIN);

        final String dir;
        final PackageArchive.Limits limits;

        Kind(String dir, PackageArchive.Limits limits) {
            this.dir = dir;
            this.limits = limits;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private CapabilityStager() {}

    /** The run's private directory; {@link #stage} creates it, the caller deletes it when the run is over. */
    public static Path privateDir(SessionWorkspace ws, UUID runId) {
        return ws.sessionDir().resolve(PRIVATE_DIR).resolve(runId.toString());
    }

    /**
     * Stages {@code config} into {@code ws}.
     *
     * @throws CapabilityException a package breaks a rule, or a name cannot be a file name
     * @throws IOException the files could not be written
     */
    public static StagedCapabilities stage(SessionWorkspace ws, UUID runId, ResolvedConfig config, Packages packages)
            throws IOException, InterruptedException {
        Path privateDir = privateDir(ws, runId);
        Files.createDirectories(privateDir.getParent());
        deleteTree(privateDir);
        Files.createDirectory(privateDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rwx------")));
        Path claudeData = ws.claudeData();
        stagePackages(claudeData, privateDir, Kind.SKILL, config.skills(), packages);
        stagePackages(claudeData, privateDir, Kind.PLUGIN, config.plugins(), packages);
        List<String> pluginDirs = new ArrayList<>();
        for (String name : config.plugins().keySet()) {
            if (Files.isRegularFile(claudeData.resolve(Kind.PLUGIN.dir).resolve(name).resolve(".claude-plugin")
                    .resolve("plugin.json"), LinkOption.NOFOLLOW_LINKS)) {
                pluginDirs.add(SandboxSpec.WORKSPACE + "/.claude_data/" + Kind.PLUGIN.dir + "/" + name);
            }
        }
        writeMarkdown(claudeData.resolve("commands"), config.slashCommands(), "slash command");
        writeMarkdown(claudeData.resolve("agents"), config.subagents().rawAgents(), "subagent");
        Path memory = claudeData.resolve("CLAUDE.md");
        Files.deleteIfExists(memory);
        if (config.claudeMd() != null) {
            String text = config.claudeMd();
            writeFile(memory, text.endsWith("\n") ? text : text + "\n", "rw-r--r--");
        }
        Path mcpFile = null;
        if (!config.mcpServers().isEmpty()) {
            ObjectNode servers = CANONICAL.createObjectNode();
            config.mcpServers().forEach(servers::set);
            mcpFile = privateDir.resolve(MCP_CONFIG_FILE);
            writeFile(mcpFile, CANONICAL.writeValueAsString(CANONICAL.createObjectNode().set("mcpServers", servers)),
                    "rw-r--r--");
        }
        String agentsJson = agentsJson(config.subagents().structuredAgents());
        Set<String> subagents = new TreeSet<>(config.subagents().rawAgents().keySet());
        if (agentsJson != null) {
            subagents.addAll(CANONICAL.readTree(agentsJson).propertyNames());
        }
        ResolvedCapabilities summary = new ResolvedCapabilities(List.copyOf(config.skills().keySet()),
                List.copyOf(config.plugins().keySet()), List.copyOf(config.mcpServers().keySet()),
                List.copyOf(subagents), fingerprint(config, pluginDirs, agentsJson));
        return new StagedCapabilities(mcpFile, pluginDirs, agentsJson, summary);
    }

    private static void stagePackages(Path claudeData, Path privateDir, Kind kind,
            Map<String, ResolvedConfig.Staged> wanted, Packages packages) throws IOException, InterruptedException {
        Path root = realDirectory(claudeData.resolve(kind.dir));
        try (Stream<Path> existing = Files.list(root)) {
            for (Path entry : existing.toList()) {
                if (!wanted.containsKey(entry.getFileName().toString())) {
                    deleteTree(entry);
                }
            }
        }
        for (Map.Entry<String, ResolvedConfig.Staged> item : wanted.entrySet()) {
            String name = requireName(item.getKey(), kind.label());
            String what = kind.label() + " '" + name + "'";
            Path target = root.resolve(name);
            deleteTree(target);
            Path zip = privateDir.resolve(kind.dir + "-" + name + ".zip");
            try {
                PackageArchive.unpack(packages.open(kind, item.getValue().id()), zip, target, kind.limits, what);
            } catch (CapabilityException e) {
                deleteTree(target);
                throw e;
            } catch (IOException | RuntimeException e) {
                deleteTree(target);
                throw new CapabilityException("Could not stage the " + what + ": " + e.getMessage(), e);
            } finally {
                Files.deleteIfExists(zip);
            }
        }
    }

    /** Replaces every {@code *.md} of {@code dir} with {@code files} ({@code <name>.md}). */
    private static void writeMarkdown(Path dir, Map<String, String> files, String kind) throws IOException {
        Path root = realDirectory(dir);
        try (Stream<Path> existing = Files.list(root)) {
            for (Path entry : existing.toList()) {
                if (entry.getFileName().toString().endsWith(".md")) {
                    deleteTree(entry);
                }
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            writeFile(root.resolve(requireName(file.getKey(), kind) + ".md"), file.getValue(), "rw-r--r--");
        }
    }

    /** {@code {"<name>": {"description", "prompt", "tools"?}}} of the valid structured agents, as poco's executor. */
    private static @Nullable String agentsJson(Map<String, ResolveAnswers.StructuredAgent> agents) {
        ObjectNode out = CANONICAL.createObjectNode();
        agents.forEach((name, agent) -> {
            if (NAME.matcher(name).matches() && agent.description() != null && !agent.description().isBlank()
                    && agent.prompt() != null && !agent.prompt().isBlank()) {
                ObjectNode node = out.putObject(name).put("description", agent.description())
                        .put("prompt", agent.prompt());
                if (agent.tools() != null && !agent.tools().isEmpty()) {
                    agent.tools().forEach(node.putArray("tools")::add);
                }
            }
        });
        return out.isEmpty() ? null : CANONICAL.writeValueAsString(out);
    }

    private static String fingerprint(ResolvedConfig config, List<String> pluginDirs, @Nullable String agentsJson) {
        ObjectNode all = CANONICAL.createObjectNode();
        ObjectNode mcp = all.putObject("mcp_servers");
        config.mcpServers().forEach(mcp::set);
        ObjectNode skills = all.putObject("skills");
        config.skills().forEach((name, s) -> skills.putObject(name).put("id", s.id()).set("entry", s.entry()));
        ObjectNode plugins = all.putObject("plugins");
        config.plugins().forEach((name, p) -> plugins.putObject(name).put("id", p.id()).set("entry", p.entry()));
        pluginDirs.forEach(all.putArray("plugin_dirs")::add);
        all.put("agents", agentsJson);
        ObjectNode raw = all.putObject("raw_agents");
        config.subagents().rawAgents().forEach(raw::put);
        ObjectNode commands = all.putObject("slash_commands");
        config.slashCommands().forEach(commands::put);
        all.put("claude_md", config.claudeMd());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(FINGERPRINT_KEY, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(CANONICAL.writeValueAsBytes(all)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static String requireName(String name, String kind) {
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new CapabilityException("Invalid " + kind + " name: " + name);
        }
        return name;
    }

    /** {@code dir} as a real directory: a link or file the agent left in its place is removed (never followed). */
    private static Path realDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(dir);
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwxr-xr-x")));
        }
        return dir;
    }

    private static void writeFile(Path file, String content, String mode) throws IOException {
        deleteTree(file);
        Files.write(file, content.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    /** Deletes {@code path} and, when it is a real directory, everything below it; links are removed, not followed. */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(path);
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
