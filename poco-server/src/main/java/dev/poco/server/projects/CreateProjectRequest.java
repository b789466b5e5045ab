package dev.poco.server.projects;

import dev.poco.server.network.NetworkConfig;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** {@code POST /projects}; {@code network} is Poco's, checked by {@code NetworkPolicies}. */
record CreateProjectRequest(
        @NotNull @Size(max = 255) @Nullable String name,
        @Size(max = 2000) @Nullable String repoUrl,
        @Size(max = 255) @Nullable String gitBranch,
        @Size(max = 255) @Nullable String gitTokenEnvKey,
        @Nullable NetworkConfig network) {}
