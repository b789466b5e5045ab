package dev.poco.server.tasks;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /tasks} and the session endpoints that change its runs or history. */
@RestController
class TaskController {

    private final TaskService tasks;
    private final SessionLifecycleService lifecycle;
    private final SessionBranchService branches;

    TaskController(TaskService tasks, SessionLifecycleService lifecycle, SessionBranchService branches) {
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.branches = branches;
    }

    record CancelRequest(@Size(max = 2000) @Nullable String reason) {}

    record BranchRequest(@NotNull @Min(1) @Nullable Long messageId) {}

    record RegenerateRequest(@NotNull @Min(1) @Nullable Long userMessageId,
            @NotNull @Min(1) @Nullable Long assistantMessageId) {}

    record EditRequest(@NotNull @Min(1) @Nullable Long userMessageId,
            @NotNull @Size(min = 1, max = 200_000) @Nullable String content) {}

    @PostMapping("/api/v1/tasks")
    Envelope<TaskEnqueued> enqueue(Caller caller, @Valid @RequestBody TaskRequest request) {
        return Envelope.ok("Task enqueued successfully", tasks.enqueue(caller, request));
    }

    @PostMapping("/api/v1/sessions/{sessionId}/cancel")
    Envelope<SessionLifecycleService.CancelResult> cancel(Caller caller, @PathVariable UUID sessionId,
            @Valid @RequestBody CancelRequest request) {
        return Envelope.ok("Session canceled", lifecycle.cancel(caller, sessionId, request.reason()));
    }

    @DeleteMapping("/api/v1/sessions/{sessionId}")
    Envelope<Map<String, UUID>> delete(Caller caller, @PathVariable UUID sessionId) {
        lifecycle.delete(caller, sessionId);
        return Envelope.ok("Session deleted successfully", Map.of("id", sessionId));
    }

    @PostMapping("/api/v1/sessions/{sessionId}/branch")
    Envelope<SessionBranchService.Branched> branch(Caller caller, @PathVariable UUID sessionId,
            @Valid @RequestBody BranchRequest request) {
        return Envelope.ok("Session branched", branches.branch(caller, sessionId, request.messageId()));
    }

    @PostMapping("/api/v1/sessions/{sessionId}/regenerate")
    Envelope<TaskEnqueued> regenerate(Caller caller, @PathVariable UUID sessionId,
            @Valid @RequestBody RegenerateRequest request) {
        return Envelope.ok("Regeneration enqueued",
                lifecycle.regenerate(caller, sessionId, request.userMessageId(), request.assistantMessageId()));
    }

    @PostMapping("/api/v1/sessions/{sessionId}/edit-message")
    Envelope<TaskEnqueued> edit(Caller caller, @PathVariable UUID sessionId, @Valid @RequestBody EditRequest request) {
        return Envelope.ok("Edit enqueued",
                lifecycle.edit(caller, sessionId, request.userMessageId(), request.content()));
    }
}
