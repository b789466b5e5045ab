package dev.poco.server.schedules;

import dev.poco.protocol.Envelope;
import dev.poco.protocol.RunView;
import dev.poco.server.auth.Caller;
import dev.poco.server.tasks.TaskEnqueued;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** poco's {@code /scheduled-tasks} routes, plus Poco's preview of an expression's next fires. */
@RestController
@RequestMapping("/api/v1/scheduled-tasks")
class ScheduledTaskController {

    private final ScheduledTaskService tasks;

    ScheduledTaskController(ScheduledTaskService tasks) {
        this.tasks = tasks;
    }

    @PostMapping
    Envelope<ScheduledTaskView> create(Caller caller, @Valid @RequestBody CreateScheduledTaskRequest request) {
        return Envelope.ok("Scheduled task created successfully", ScheduledTaskView.of(tasks.create(caller, request)));
    }

    @GetMapping
    Envelope<List<ScheduledTaskView>> list(Caller caller,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return Envelope.ok(tasks.list(caller, limit, offset).stream().map(ScheduledTaskView::of).toList());
    }

    /**
     * The next five fires of an expression in a zone, computed as the dispatcher computes them (for the UI's cron
     * helper); poco's 400s for a bad expression or zone.
     */
    @GetMapping("/preview")
    Envelope<CronPreview> preview(Caller caller, @RequestParam(required = false) @Size(max = 100) @Nullable String cron,
            @RequestParam(required = false) @Size(max = 64) @Nullable String timezone) {
        return Envelope.ok(tasks.preview(cron, timezone));
    }

    @GetMapping("/{taskId}")
    Envelope<ScheduledTaskView> get(Caller caller, @PathVariable UUID taskId) {
        return Envelope.ok(ScheduledTaskView.of(tasks.require(caller, taskId)));
    }

    @PatchMapping("/{taskId}")
    Envelope<ScheduledTaskView> update(Caller caller, @PathVariable UUID taskId,
            @Valid @RequestBody UpdateScheduledTaskRequest request) {
        return Envelope.ok("Scheduled task updated successfully",
                ScheduledTaskView.of(tasks.update(caller, taskId, request)));
    }

    @DeleteMapping("/{taskId}")
    Envelope<Map<String, UUID>> delete(Caller caller, @PathVariable UUID taskId) {
        tasks.delete(caller, taskId);
        return Envelope.ok("Scheduled task deleted successfully", Map.of("id", taskId));
    }

    @PostMapping("/{taskId}/trigger")
    Envelope<Map<String, UUID>> trigger(Caller caller, @PathVariable UUID taskId) {
        TaskEnqueued queued = tasks.trigger(caller, taskId);
        return Envelope.ok("Scheduled task triggered", Map.of("session_id", queued.sessionId(),
                "run_id", queued.runId()));
    }

    @GetMapping("/{taskId}/runs")
    Envelope<List<RunView>> runs(Caller caller, @PathVariable UUID taskId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return Envelope.ok(tasks.runs(caller, taskId, limit, offset));
    }
}
