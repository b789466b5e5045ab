package dev.poco.server.callbacks;

import dev.poco.protocol.CallbackRequest;
import dev.poco.protocol.CallbackResponse;
import dev.poco.protocol.Envelope;
import dev.poco.server.common.ValidationException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CallbackController {

    private final CallbackService callbacks;

    CallbackController(CallbackService callbacks) {
        this.callbacks = callbacks;
    }

    /** Several callbacks of one runner, applied in order in one transaction (Poco's addition). */
    record CallbackBatch(@Nullable List<CallbackRequest> callbacks) {}

    private static final int MAX_BATCH = 200;

    @PostMapping("/api/v1/callback")
    Envelope<CallbackResponse> callback(@RequestBody CallbackRequest request) {
        validate(request);
        return Envelope.ok("Callback processed", callbacks.process(request));
    }

    /**
     * Poco's addition for runners: a backlog of callbacks in one request and one transaction, in
     * order. Each keeps its own (run_id, seq) idempotency; the answers come back in the same order.
     */
    @PostMapping("/api/v1/callbacks")
    Envelope<List<CallbackResponse>> batch(@RequestBody CallbackBatch batch) {
        List<CallbackRequest> list = batch.callbacks();
        if (list == null || list.isEmpty() || list.size() > MAX_BATCH) {
            throw ValidationException.of("callbacks", "must hold 1 to " + MAX_BATCH + " callbacks");
        }
        list.forEach(CallbackController::validate);
        return Envelope.ok("Callbacks processed", callbacks.processAll(list));
    }

    private static void validate(CallbackRequest request) {
        if (request.sessionId() == null || request.sessionId().isBlank() || request.sessionId().length() > 255) {
            throw ValidationException.of("session_id", "is required (a session UUID or SDK session id)");
        }
        if (request.status() == null) {
            throw ValidationException.of("status", "is required: accepted, running, completed or failed");
        }
        if (request.seq() != null && request.seq() < 1) {
            throw ValidationException.of("seq", "must be 1 or more");
        }
        if (request.errorMessage() != null && request.errorMessage().length() > 100_000) {
            throw ValidationException.of("error_message", "must be at most 100000 characters");
        }
    }

    /** poco's raw (unwrapped) health answer. */
    @GetMapping("/api/v1/callback/health")
    Map<String, String> health() {
        return Map.of("status", "healthy", "service", "callback-receiver");
    }
}
