package dev.poco.server.runners;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A runner as admins see it ({@code GET /admin/runners}): a registered one ({@code registered} true, with its id,
 * which {@code DELETE} revokes), or one that claims with the shared {@code INTERNAL_API_TOKEN} (no id; it is
 * known only by its worker id while it claims). {@code last_heartbeat_at} is its last call or claim.
 */
public record RunnerView(
        @Nullable UUID id,
        String name,
        @Nullable String host,
        boolean registered,
        @Nullable String credentialPrefix,
        @Nullable OffsetDateTime registeredAt,
        @Nullable String workerId,
        @Nullable OffsetDateTime lastHeartbeatAt,
        @Nullable List<String> scheduleModes) {}
