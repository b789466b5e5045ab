package dev.poco.server.sessions;

import dev.poco.server.network.NetworkConfig;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * poco's request-side TaskConfig. {@code POST /sessions} stores it verbatim with defaults
 * ({@link #withDefaults()}); {@code POST /tasks} merges only the fields a caller actually sent.
 * {@code network} is Poco's (issue 13): the sandbox's network for this session's runs; absent, the project's or
 * the server's default ({@code POCO_NETWORK_DEFAULT}). Each run's snapshot holds the effective policy instead.
 * {@code local_folders} is Poco's too: host folders attached to the session, stored checked (real path, mode, name).
 */
public record TaskConfig(
        @Size(max = 2000) @Nullable String repoUrl,
        @Size(max = 255) @Nullable String gitBranch,
        @Size(max = 255) @Nullable String gitTokenEnvKey,
        @Size(max = 255) @Nullable String model,
        @Nullable Boolean browserEnabled,
        @Nullable Map<String, Boolean> mcpConfig,
        @Nullable Map<String, Boolean> skillConfig,
        @Nullable Map<String, Boolean> pluginConfig,
        @Nullable List<Integer> subagentIds,
        @Valid @Nullable List<InputFile> inputFiles,
        @Nullable NetworkConfig network,
        @Nullable List<LocalFolderChoice> localFolders) {

    public TaskConfig withDefaults() {
        return new TaskConfig(repoUrl, gitBranch == null ? "main" : gitBranch, gitTokenEnvKey, model,
                browserEnabled != null && browserEnabled, mcpConfig == null ? Map.of() : mcpConfig,
                skillConfig == null ? Map.of() : skillConfig, pluginConfig == null ? Map.of() : pluginConfig,
                subagentIds == null ? List.of() : subagentIds, inputFiles == null ? List.of() : inputFiles, network,
                localFolders);
    }

    public TaskConfig withNetwork(@Nullable NetworkConfig value) {
        return new TaskConfig(repoUrl, gitBranch, gitTokenEnvKey, model, browserEnabled, mcpConfig, skillConfig,
                pluginConfig, subagentIds, inputFiles, value, localFolders);
    }
}
