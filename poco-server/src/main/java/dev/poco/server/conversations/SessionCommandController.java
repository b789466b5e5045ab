package dev.poco.server.conversations;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.tasks.TaskEnqueued;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The session endpoints that change its runs or history: cancel, delete, branch, regenerate, edit. */
@RestController
class SessionCommandController {

    private final ConversationService conversations;
    private final SessionBranchService branches;

    SessionCommandController(ConversationService conversations, SessionBranchService branches) {
        this.conversations = conversations;
        this.branches = branches;
    }

    record CancelRequest(@Size(max = 2000) @Nullable String reason) {}

    // @Nullable for Jackson, @NotNull for validation: once @Valid passed, the getters below are non-null
    record BranchRequest(@NotNull @Min(1) @Nullable Long messageId) {
        long message() {
            return Objects.requireNonNull(messageId);
        }
    }

    record RegenerateRequest(@NotNull @Min(1) @Nullable Long userMessageId,
            @NotNull @Min(1) @Nullable Long assistantMessageId) {
        long userMessage() {
            return Objects.requireNonNull(userMessageId);
        }

        long assistantMessage() {
            return Objects.requireNonNull(assistantMessageId);
        }
    }

    record EditRequest(@NotNull @Min(1) @Nullable Long userMessageId,
            @NotNull @Size(min = 1, max = 200_000) @Nullable String content) {
        long userMessage() {
            return Objects.requireNonNull(userMessageId);
        }

        String text() {
            return Objects.requireNonNull(content);
        }
    }

    @PostMapping("/api/v1/sessions/{sessionId}/cancel")
    Envelope<ConversationService.CancelResult> cancel(Caller caller, @PathVariable UUID sessionId,
            @Valid @RequestBody CancelRequest request) {
        return Envelope.ok("Session canceled", conversations.cancel(caller, sessionId, request.reason()));
    }

    @DeleteMapping("/api/v1/sessions/{sessionId}")
    Envelope<Map<String, UUID>> delete(Caller caller, @PathVariable UUID sessionId) {
        conversations.delete(caller, sessionId);
        return Envelope.ok("Session deleted successfully", Map.of("id", sessionId));
    }

    @PostMapping("/api/v1/sessions/{sessionId}/branch")
    Envelope<SessionBranchService.Branched> branch(Caller caller, @PathVariable UUID sessionId,
            @Valid @RequestBody BranchRequest request) {
        return Envelope.ok("Session branched", branches.branch(caller, sessionId, request.message()));
    }

    @PostMapping("/api/v1/sessions/{sessionId}/regenerate")
    Envelope<TaskEnqueued> regenerate(Caller caller, @PathVariable UUID sessionId,
            @Valid @RequestBody RegenerateRequest request) {
        return Envelope.ok("Regeneration enqueued",
                conversations.regenerate(caller, sessionId, request.userMessage(), request.assistantMessage()));
    }

    @PostMapping("/api/v1/sessions/{sessionId}/edit-message")
    Envelope<TaskEnqueued> edit(Caller caller, @PathVariable UUID sessionId, @Valid @RequestBody EditRequest request) {
        return Envelope.ok("Edit enqueued",
                conversations.edit(caller, sessionId, request.userMessage(), request.text()));
    }
}
