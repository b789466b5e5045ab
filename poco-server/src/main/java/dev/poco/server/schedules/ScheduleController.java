package dev.poco.server.schedules;

import dev.poco.protocol.Envelope;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * poco's {@code GET /schedules} (which proxied its executor manager's pull rules) and its executor manager's
 * {@code POST /internal/scheduled-tasks/dispatch-due}, kept for poco clients: here the server dispatches by itself.
 */
@RestController
class ScheduleController {

    /** poco's body: {@code {limit}}, 50 when missing or not positive. */
    record DispatchRequest(@Nullable Integer limit) {}

    private static final int DEFAULT_LIMIT = 50;

    private final ScheduledTaskService tasks;
    private final ScheduleDispatcher dispatcher;
    private final ScheduleProperties properties;

    ScheduleController(ScheduledTaskService tasks, ScheduleDispatcher dispatcher, ScheduleProperties properties) {
        this.tasks = tasks;
        this.dispatcher = dispatcher;
        this.properties = properties;
    }

    @PostMapping("/api/v1/internal/scheduled-tasks/dispatch-due")
    Envelope<DispatchResult> dispatchDue(@RequestBody(required = false) @Nullable DispatchRequest request) {
        int limit = request == null || request.limit() == null || request.limit() <= 0 ? DEFAULT_LIMIT
                : Math.min(request.limit(), 1000);
        return Envelope.ok(tasks.dispatchDue(limit));
    }

    /**
     * poco's shape ({@code {rules: [...]}}) describing what schedules work here: this server's dispatcher of
     * scheduled tasks, and the runners, which take every schedule mode as soon as a run is due (a long-poll claim,
     * woken by NOTIFY), unless started with a list of modes.
     */
    @GetMapping("/api/v1/schedules")
    Envelope<Map<String, Object>> schedules() {
        Instant next = dispatcher.nextPass();
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("job_id", "scheduled-tasks-dispatch");
        job.put("trigger", "interval[" + properties.intervalSeconds() + "s]");
        job.put("next_run_time", next == null ? null : next.atOffset(ZoneOffset.UTC));
        Map<String, Object> dispatch = new LinkedHashMap<>();
        dispatch.put("id", "scheduled-tasks-dispatch");
        dispatch.put("kind", "interval");
        dispatch.put("enabled", properties.enabled());
        dispatch.put("schedule_modes", List.of("scheduled"));
        dispatch.put("seconds", properties.intervalSeconds());
        dispatch.put("start_immediately", true);
        dispatch.put("batch_size", properties.batchSize());
        dispatch.put("jobs", List.of(job));
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("id", "runner-claims");
        claim.put("kind", "interval");
        claim.put("enabled", true);
        claim.put("schedule_modes", List.of("immediate", "scheduled", "nightly"));
        claim.put("seconds", 0);
        claim.put("start_immediately", true);
        claim.put("jobs", List.of());
        return Envelope.ok(Map.of("rules", List.of(dispatch, claim)));
    }
}
