package dev.poco.server.schedules;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.runs.RunService;
import dev.poco.server.runs.RunnerSeen;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
    /** Runners that claimed within this are listed; a live runner's long-poll claims come far more often. */
    private static final Duration RUNNERS_SEEN_WITHIN = Duration.ofMinutes(5);

    private final ScheduledTaskService tasks;
    private final ScheduleDispatcher dispatcher;
    private final ScheduleProperties properties;
    private final RunService runs;

    ScheduleController(ScheduledTaskService tasks, ScheduleDispatcher dispatcher, ScheduleProperties properties,
            RunService runs) {
        this.runs = runs;
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
     * scheduled tasks, then one rule per runner that claimed in the last five minutes, with the schedule modes it
     * takes ({@code ["*"]}: every mode); runners take a run as soon as it is due (a long-poll claim, woken when a
     * run is queued), so their rules have no interval.
     */
    @GetMapping("/api/v1/schedules")
    Envelope<Map<String, Object>> schedules(Caller caller) { // a user's question: not a stranger's (issue 17)
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
        List<Map<String, Object>> rules = new ArrayList<>();
        rules.add(dispatch);
        for (RunnerSeen runner : runs.recentRunners(RUNNERS_SEEN_WITHIN)) {
            Map<String, Object> claimJob = new LinkedHashMap<>();
            claimJob.put("job_id", "claim:" + runner.workerId());
            claimJob.put("trigger", "long-poll claim, woken when a run is queued");
            claimJob.put("next_run_time", null);
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", "runner:" + runner.workerId());
            rule.put("kind", "interval");
            rule.put("enabled", true);
            rule.put("schedule_modes", runner.scheduleModes() == null ? List.of("*") : runner.scheduleModes());
            rule.put("seconds", 0);
            rule.put("start_immediately", true);
            rule.put("last_claim_at", runner.lastClaimAt());
            rule.put("jobs", List.of(claimJob));
            rules.add(rule);
        }
        return Envelope.ok(Map.of("rules", rules));
    }
}
