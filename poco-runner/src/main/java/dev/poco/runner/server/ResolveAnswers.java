package dev.poco.runner.server;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.poco.protocol.permissions.PermissionRules;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The typed answers of the server's internal capability resolve endpoints (poco's shapes, reference
 * poco-backend-api.md: internal_*_config, internal_subagents, internal_claude_md). Unknown fields are
 * ignored. MCP server definitions and skill/plugin entries stay JSON: they are free-form (transport
 * specific fields, unknown fields kept), and the runner writes them back out as they came.
 */
public final class ResolveAnswers {

    private ResolveAnswers() {}

    /**
     * One resolved skill or plugin ({@code {<name>: {enabled, entry, …}}}).
     *
     * @param id the skill's or plugin's id, for its package download; poco's answer has none (the runner then asks
     *     for each requested id alone to learn which name it is)
     * @param enabled false only for legacy snapshots; such an item is not staged
     * @param entry where the package lives ({@code {s3_key, is_prefix, …}}), opaque to the runner
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Package(@Nullable Integer id, @Nullable Boolean enabled, @Nullable JsonNode entry,
            @Nullable JsonNode manifest, @Nullable String version, @Nullable String description) {

        public boolean isEnabled() {
            return !Boolean.FALSE.equals(enabled);
        }
    }

    /** A structured subagent, as the CLI's {@code --agents} takes it; {@code model} is never set (poco strips it). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StructuredAgent(@Nullable String description, @Nullable String prompt,
            @Nullable List<String> tools) {}

    /** {@code POST /internal/subagents/resolve}: structured agents for {@code --agents}, raw ones as markdown files; by name. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Subagents(Map<String, StructuredAgent> structuredAgents, Map<String, String> rawAgents) {

        public static final Subagents NONE = new Subagents(Map.of(), Map.of());

        @SuppressWarnings("ConstantConditions")
        public Subagents {
            structuredAgents = structuredAgents == null ? Map.of() : Collections.unmodifiableMap(
                    new TreeMap<>(structuredAgents));
            rawAgents = rawAgents == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(rawAgents));
        }
    }

    /** {@code GET /internal/claude-md}; {@code enabled} is already the effective flag (stored flag and content). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ClaudeMd(boolean enabled, @Nullable String content) {}

    /**
     * {@code POST /internal/run-setup}: the answers of the seven calls before a run, in one.
     *
     * @param slashCommands null when the run asks for skills: the runner then resolves the commands itself, with an
     *     alias for each skill it stages
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Setup(Map<String, String> envVars, Map<String, JsonNode> mcpConfig,
            Map<String, Package> skillConfig, Map<String, Package> pluginConfig, Subagents subagents,
            @Nullable Map<String, String> slashCommands, ClaudeMd claudeMd, PermissionRules permissionRules) {

        @SuppressWarnings("ConstantConditions")
        public Setup {
            envVars = envVars == null ? Map.of() : envVars;
            mcpConfig = mcpConfig == null ? Map.of() : mcpConfig;
            skillConfig = skillConfig == null ? Map.of() : skillConfig;
            pluginConfig = pluginConfig == null ? Map.of() : pluginConfig;
            subagents = subagents == null ? Subagents.NONE : subagents;
            claudeMd = claudeMd == null ? new ClaudeMd(false, null) : claudeMd;
            if (permissionRules == null) {
                throw new IllegalArgumentException("the run setup has no permission rules");
            }
        }
    }
}
