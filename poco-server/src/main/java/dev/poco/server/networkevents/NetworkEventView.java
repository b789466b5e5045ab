package dev.poco.server.networkevents;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One connection of a run's sandbox through the egress gate, as {@code GET /sessions/{id}/network} lists it and as
 * the {@code network.connection} session event carries it. The fields are the runner's {@code NetworkEvent} plus
 * where it is stored; the table holds nothing else, so rows are read straight into this view.
 */
public record NetworkEventView(
        long id,
        UUID runId,
        UUID sessionId,
        long seq,
        String host,
        int port,
        String method,
        @Nullable String url,
        @Nullable String address,
        boolean allowed,
        String reason,
        long bytesUp,
        long bytesDown,
        OffsetDateTime startedAt,
        long durationMs,
        @Nullable String toolUseId,
        OffsetDateTime createdAt) {}
