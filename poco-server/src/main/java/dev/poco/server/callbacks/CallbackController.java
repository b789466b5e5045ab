package dev.poco.server.callbacks;

import dev.poco.protocol.CallbackRequest;
import dev.poco.protocol.CallbackResponse;
import dev.poco.protocol.Envelope;
import dev.poco.server.common.ValidationException;
import java.util.Map;
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

    @PostMapping("/api/v1/callback")
    Envelope<CallbackResponse> callback(@RequestBody CallbackRequest request) {
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
        return Envelope.ok("Callback processed", callbacks.process(request));
    }

    /** poco's raw (unwrapped) health answer. */
    @GetMapping("/api/v1/callback/health")
    Map<String, String> health() {
        return Map.of("status", "healthy", "service", "callback-receiver");
    }
}
