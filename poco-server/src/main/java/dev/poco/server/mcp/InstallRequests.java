package dev.poco.server.mcp;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Bodies of {@code /mcp-installs}. */
final class InstallRequests {

    private InstallRequests() {}

    /** {@code POST /mcp-installs}. */
    record Create(@NotNull @Nullable Integer serverId, @Nullable Boolean enabled) {}

    /** {@code PATCH /mcp-installs/{id}}. */
    record Update(@Nullable Boolean enabled) {}

    /** {@code PATCH /mcp-installs/bulk}: {@code install_ids} null means all of the caller's installs. */
    record Bulk(@NotNull @Nullable Boolean enabled, @Size(max = 10_000) @Nullable List<@NotNull Integer> installIds) {}

    /** {@code POST /internal/mcp-config/resolve}. */
    record Resolve(@Size(max = 10_000) @Nullable List<@NotNull Integer> serverIds) {}
}
