package dev.poco.protocol;

import java.time.OffsetDateTime;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One connection the sandbox asked the run's egress gate for (ours, not poco's): where to, whether the gate let it
 * through and why, and how many bytes went each way. The runner reports these in batches ({@link
 * NetworkEventsRequest}); the server stores them and pushes each as a {@code network.connection} session event.
 *
 * @param seq numbered from 1 per run by the runner; a replayed (run, seq) is stored once
 * @param host the host name (or address literal) the sandbox named
 * @param port the port it named
 * @param method {@code CONNECT} for a tunnel (TLS), otherwise the HTTP method of a forwarded plain request
 * @param url for plain HTTP the URL requested; null for a tunnel, whose path the gate cannot see
 * @param address the IP address the gate connected to (or refused), after its own DNS resolution; null when the
 *     name was refused before resolving or did not resolve
 * @param allowed whether the gate opened the connection
 * @param reason why: for a refusal a sentence for the user ("not in the run's allowlist", "resolves to a private
 *     address (10.0.0.5)", …), for an allowed connection the rule that allowed it
 * @param bytesUp bytes from the sandbox to the host
 * @param bytesDown bytes from the host to the sandbox
 * @param startedAt when the sandbox asked
 * @param durationMs how long the connection lasted, or until it was refused
 * @param toolUseId the tool call running when the connection was asked for, when exactly one was; null otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NetworkEvent(
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
        @Nullable String toolUseId) {

    public NetworkEvent {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
