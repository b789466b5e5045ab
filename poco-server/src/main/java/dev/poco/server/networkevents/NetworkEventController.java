package dev.poco.server.networkevents;

import dev.poco.protocol.Envelope;
import dev.poco.protocol.NetworkEvent;
import dev.poco.protocol.NetworkEventsRequest;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ValidationException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A run's egress gate reports connections (runner token, as every {@code /internal/**} route); the session's owner
 * reads them. Ours, not poco's.
 */
@RestController
class NetworkEventController {

    /** A gate reports every few seconds; a backlog after an outage is sent in batches of at most this many. */
    static final int MAX_BATCH = 500;

    private final NetworkEventService events;

    NetworkEventController(NetworkEventService events) {
        this.events = events;
    }

    /** Idempotent per (run, seq): a replayed batch is acknowledged with {@code stored} 0. */
    @PostMapping("/api/v1/internal/runs/{runId}/network-events")
    Envelope<NetworkEventsReceipt> reportNetworkEvents(@PathVariable UUID runId,
            @RequestBody NetworkEventsRequest request) {
        List<NetworkEvent> batch = request.events();
        if (batch.size() > MAX_BATCH) {
            throw new BadRequestException("A batch holds at most " + MAX_BATCH + " network events; this one holds "
                    + batch.size() + ". Send the rest in another batch.");
        }
        for (int i = 0; i < batch.size(); i++) {
            validate("events[" + i + "]", batch.get(i));
        }
        return Envelope.ok("Network events recorded", events.record(runId, batch));
    }

    @GetMapping("/api/v1/sessions/{sessionId}/network")
    Envelope<List<NetworkEventView>> listNetworkEvents(Caller caller, @PathVariable UUID sessionId,
            @RequestParam(name = "run_id", required = false) @Nullable UUID runId,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(10_000) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return Envelope.ok(events.list(caller, sessionId, runId, limit, offset));
    }

    /** Ranges; missing fields and wrong types were answered 422 while reading the body. */
    private static void validate(String field, NetworkEvent event) {
        if (event.seq() < 1) {
            throw ValidationException.of(field + ".seq", "must be 1 or more");
        }
        if (event.port() < 0 || event.port() > 65_535) {
            throw ValidationException.of(field + ".port", "must be from 0 to 65535");
        }
        if (event.host().isBlank()) {
            throw ValidationException.of(field + ".host", "must not be blank");
        }
        if (event.method().isBlank()) {
            throw ValidationException.of(field + ".method", "must not be blank");
        }
        if (event.bytesUp() < 0 || event.bytesDown() < 0 || event.durationMs() < 0) {
            throw ValidationException.of(field, "bytes_up, bytes_down and duration_ms must not be negative");
        }
    }
}
