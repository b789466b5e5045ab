package dev.poco.server.questions;

import dev.poco.protocol.CreateUserInputRequest;
import dev.poco.protocol.Envelope;
import dev.poco.protocol.UserInputRequestView;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.ValidationException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
class UserInputController {

    private static final int MAX_ANSWERS = 50;
    private static final int MAX_ANSWER_LENGTH = 20_000;
    private static final int MAX_TOOL_NAME = 100;

    private final UserInputService questions;

    UserInputController(UserInputService questions) {
        this.questions = questions;
    }

    record AnswerRequest(@NotNull @Nullable JsonNode answers) {}

    @GetMapping("/api/v1/user-input-requests")
    Envelope<List<UserInputRequestView>> pending(Caller caller,
            @RequestParam(name = "session_id", required = false) @Nullable UUID sessionId) {
        return Envelope.ok(questions.pending(caller, sessionId));
    }

    @PostMapping("/api/v1/user-input-requests/{requestId}/answer")
    Envelope<UserInputRequestView> answer(Caller caller, @PathVariable UUID requestId,
            @Valid @RequestBody AnswerRequest request) {
        JsonNode answers = request.answers();
        if (answers == null || !answers.isObject()) {
            throw ValidationException.of("answers", "must be an object of strings");
        }
        if (answers.size() > MAX_ANSWERS) {
            throw ValidationException.of("answers", "must have at most " + MAX_ANSWERS + " entries");
        }
        for (var entry : answers.properties()) {
            if (!entry.getValue().isString()) {
                throw ValidationException.of("answers." + entry.getKey(), "must be a string");
            }
            if (entry.getValue().asString().length() > MAX_ANSWER_LENGTH) {
                throw ValidationException.of("answers." + entry.getKey(),
                        "must be at most " + MAX_ANSWER_LENGTH + " characters");
            }
        }
        return Envelope.ok(questions.answer(caller, requestId, answers));
    }

    /** Runner: ask the user. */
    @PostMapping("/api/v1/internal/user-input-requests")
    Envelope<UserInputRequestView> create(@RequestBody CreateUserInputRequest request) {
        if (request.sessionId() == null) {
            throw ValidationException.of("session_id", "is required");
        }
        if (request.toolName() == null || request.toolName().isBlank() || request.toolName().length() > MAX_TOOL_NAME) {
            throw ValidationException.of("tool_name", "is required and at most " + MAX_TOOL_NAME + " characters");
        }
        if (request.toolInput() == null || !request.toolInput().isObject()) {
            throw ValidationException.of("tool_input", "must be an object");
        }
        return Envelope.ok(questions.create(request));
    }

    /**
     * Runner: read a request, expiring it when past due. With {@code wait_seconds} the answer is
     * held until the request is answered or expires, or the wait ends (Poco's long-poll; poco's
     * executor polled every 0.5 s).
     */
    @GetMapping("/api/v1/internal/user-input-requests/{requestId}")
    Envelope<UserInputRequestView> get(@PathVariable UUID requestId,
            @RequestParam(name = "wait_seconds", defaultValue = "0") @Min(0) @Max(60) int waitSeconds) {
        if (waitSeconds == 0) {
            return Envelope.ok(questions.get(requestId));
        }
        return Envelope.ok(questions.awaitOutcome(requestId, Duration.ofSeconds(waitSeconds)));
    }
}
