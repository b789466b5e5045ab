package dev.poco.server.schedules;

import dev.poco.protocol.RunView;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.projects.Project;
import dev.poco.server.projects.ProjectService;
import dev.poco.server.runs.RunService;
import dev.poco.server.runs.ScheduledRunChanged;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionService;
import dev.poco.server.tasks.TaskEnqueued;
import dev.poco.server.tasks.TaskService;
import dev.poco.server.usage.UsageService;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scheduled-task use cases (poco §3.7), with poco's faults fixed: re-enabling a task computes its next fire from now
 * (poco fired the stale time at once), fires follow the zone's wall clock through DST ({@link Cron}), an expression
 * that never fires is refused, and each due task is fired in a transaction of its own, so one failing task cannot
 * undo the others.
 */
@Service
class ScheduledTaskService {

    static final int PREVIEW_COUNT = 5;
    private static final Logger log = LoggerFactory.getLogger(ScheduledTaskService.class);

    private final ScheduledTaskRepository tasks;
    private final TaskService prompts;
    private final SessionService sessions;
    private final ProjectService projects;
    private final RunService runs;
    private final TransactionTemplate tx;
    private final UsageService usage;

    ScheduledTaskService(ScheduledTaskRepository tasks, TaskService prompts, SessionService sessions,
            ProjectService projects, RunService runs, TransactionTemplate tx, UsageService usage) {
        this.usage = usage;
        this.tasks = tasks;
        this.prompts = prompts;
        this.sessions = sessions;
        this.projects = projects;
        this.runs = runs;
        this.tx = tx;
    }

    // ---- user routes ---------------------------------------------------------------------------

    @Transactional
    ScheduledTask create(Caller caller, CreateScheduledTaskRequest request) {
        String name = required(request.name(), "name");
        String prompt = required(request.prompt(), "prompt");
        String cronText = required(request.cron(), "cron");
        Cron cron = cron(cronText);
        ZoneId zone = zone(request.timezone());
        Project project = request.projectId() == null ? null : projects.require(caller, request.projectId());
        TaskService.PinnedConfig pinned = prompts.pinConfig(caller, request.config(), project);
        boolean reuse = request.reuseSession() == null || request.reuseSession();
        UUID sessionId = null;
        if (reuse) {
            Session session = sessions.create(caller.userId(), request.projectId(), pinned.snapshot(),
                    TaskService.KIND_SCHEDULED, name);
            sessionId = session.id();
        }
        OffsetDateTime next = nextFire(cron, zone, tasks.now());
        return tasks.insert(caller.userId(), name, request.enabled() == null || request.enabled(), reuse, sessionId,
                cronText, zone.getId(), prompt, pinned.snapshot(), pinned.inputFiles(), next);
    }

    @Transactional(readOnly = true)
    List<ScheduledTask> list(Caller caller, int limit, int offset) {
        return tasks.listByUser(caller.userId(), limit, offset);
    }

    /** The caller's task: NOT_FOUND when missing or deleted, FORBIDDEN when someone else's (poco). */
    @Transactional(readOnly = true)
    ScheduledTask require(Caller caller, UUID id) {
        ScheduledTask task = tasks.find(id).orElseThrow(() -> new NotFoundException("Scheduled task not found: " + id));
        if (!caller.owns(task.userId())) {
            throw new ForbiddenException("Scheduled task does not belong to the user");
        }
        return task;
    }

    /**
     * Changes what was sent. A new expression or zone, and re-enabling a disabled task, compute the next fire from
     * now: poco kept the stale time of a re-enabled task, which then fired at once.
     */
    @Transactional
    ScheduledTask update(Caller caller, UUID id, UpdateScheduledTaskRequest request) {
        require(caller, id);
        ScheduledTask current = tasks.lock(id).orElseThrow(() -> new NotFoundException("Scheduled task not found: "
                + id));
        String name = request.name() == null ? current.name() : required(request.name(), "name");
        String prompt = request.prompt() == null ? current.prompt() : required(request.prompt(), "prompt");
        String cronText = request.cron() == null ? current.cron() : required(request.cron(), "cron");
        Cron cron = cron(cronText);
        ZoneId zone = request.timezone() == null ? zone(current.timezone()) : zone(request.timezone());
        boolean enabled = request.enabled() == null ? current.enabled() : request.enabled();
        boolean recompute = !cronText.equals(current.cron()) || !zone.getId().equals(current.timezone())
                || (enabled && !current.enabled());
        OffsetDateTime next = recompute ? nextFire(cron, zone, tasks.now()) : current.nextRunAt();
        return tasks.update(id, name, cronText, zone.getId(), prompt, enabled, next);
    }

    @Transactional
    void delete(Caller caller, UUID id) {
        require(caller, id);
        tasks.softDelete(id);
    }

    /** Runs the task now, whatever else it is running (poco's forced enqueue); its next fire stays. */
    @Transactional
    TaskEnqueued trigger(Caller caller, UUID id) {
        require(caller, id);
        ScheduledTask task = tasks.lock(id).orElseThrow(() -> new NotFoundException("Scheduled task not found: "
                + id));
        TaskEnqueued queued = fire(task, null);
        tasks.markQueued(task.id(), queued.runId());
        return queued;
    }

    @Transactional(readOnly = true)
    List<RunView> runs(Caller caller, UUID id, int limit, int offset) {
        require(caller, id);
        return runs.listByScheduledTask(id, limit, offset);
    }

    /** The next fires of an expression, for the UI's cron helper: the dispatcher's own computation. */
    CronPreview preview(@Nullable String cronText, @Nullable String timezone) {
        String text = required(cronText, "cron");
        Cron cron = cron(text);
        ZoneId zone = zone(timezone);
        List<Instant> fires = cron.next(PREVIEW_COUNT, Instant.now(), zone);
        DateTimeFormatter local = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        return new CronPreview(text, zone.getId(),
                fires.stream().map(i -> i.atOffset(ZoneOffset.UTC)).toList(),
                fires.stream().map(i -> i.atZone(zone).format(local)).toList());
    }

    // ---- dispatch -----------------------------------------------------------------------------

    /**
     * Fires up to {@code limit} due tasks (poco's {@code dispatch-due}). Each is locked with {@code SKIP LOCKED} and
     * handled in a transaction of its own: its run is queued (unless one is still active: skipped) and its next fire
     * moves past now, so fires missed while no server ran coalesce into this one. A task whose fire fails keeps its
     * next fire (it is tried again at the next pass) and records the error; one whose pinned session is gone is
     * disabled, as in poco, and so is one whose stored expression or zone cannot be read.
     */
    DispatchResult dispatchDue(int limit) {
        List<UUID> handled = new ArrayList<>();
        List<UUID> runIds = new ArrayList<>();
        int skipped = 0;
        int errors = 0;
        while (handled.size() < limit) {
            UUID[] current = new UUID[1];
            Optional<UUID> outcome;
            try {
                outcome = tx.execute(status -> {
                    Optional<ScheduledTaskRepository.Due> due = tasks.lockNextDue(handled);
                    if (due.isEmpty()) {
                        return null;
                    }
                    ScheduledTask task = due.get().task();
                    current[0] = task.id();
                    return Optional.ofNullable(fireDue(task, due.get().now()));
                });
            } catch (RuntimeException e) {
                if (current[0] == null) {
                    throw e;
                }
                errors++;
                handled.add(current[0]);
                recordFailure(current[0], e);
                continue;
            }
            if (outcome == null) {
                break;
            }
            handled.add(current[0]);
            if (outcome.isPresent()) {
                runIds.add(outcome.get());
            } else {
                skipped++;
            }
        }
        return new DispatchResult(runIds.size(), runIds, skipped, errors);
    }

    /**
     * Queues the fire of a locked due task; empty when skipped because a run of it is still active, or because its
     * owner's monthly budget is spent (the fire is skipped, not retried at every pass, and the reason is the task's
     * last error).
     */
    private @Nullable UUID fireDue(ScheduledTask task, OffsetDateTime now) {
        OffsetDateTime next = nextFire(cron(task.cron()), zone(task.timezone()), now);
        if (runs.hasUnfinishedRun(task.reuseSession() ? task.sessionId() : null, task.id())) {
            tasks.setNextRunAt(task.id(), next);
            return null;
        }
        Optional<String> overBudget = usage.budgetRefusal(task.userId());
        if (overBudget.isPresent()) {
            log.info("Scheduled task {} skipped a fire: {}", task.id(), overBudget.get());
            tasks.setNextRunAt(task.id(), next);
            tasks.markFailed(task.id(), overBudget.get(), false);
            return null;
        }
        TaskEnqueued queued = fire(task, task.nextRunAt());
        tasks.markQueued(task.id(), queued.runId());
        tasks.setNextRunAt(task.id(), next);
        return queued.runId();
    }

    private TaskEnqueued fire(ScheduledTask task, @Nullable OffsetDateTime scheduledAt) {
        if (task.reuseSession() && task.sessionId() == null) {
            throw new NotFoundException("Session not found: the scheduled task's session was deleted");
        }
        return prompts.enqueueScheduled(new Caller(task.userId()), new TaskService.ScheduledPrompt(task.id(),
                task.prompt(), task.reuseSession() ? task.sessionId() : null, task.configSnapshot(),
                task.inputFiles(), scheduledAt));
    }

    private void recordFailure(UUID id, RuntimeException error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        log.warn("Scheduled task {} could not fire: {}", id, message);
        try {
            tx.executeWithoutResult(status -> tasks.find(id).ifPresent(task -> {
                boolean sessionGone = task.reuseSession()
                        && (task.sessionId() == null || sessions.find(task.sessionId()).isEmpty());
                // e.g. a row from a poco database whose expression croniter took and we cannot read: it could
                // never fire, and would fail again at every pass
                tasks.markFailed(id, message, sessionGone || !readable(task));
            }));
        } catch (RuntimeException e) {
            log.warn("Could not record the failure of scheduled task {}: {}", id, e.toString());
        }
    }

    private static boolean readable(ScheduledTask task) {
        try {
            cron(task.cron());
            zone(task.timezone());
            return true;
        } catch (BadRequestException e) {
            return false;
        }
    }

    /** poco's summary sync, in the transaction that changed the run. */
    @EventListener
    void runChanged(ScheduledRunChanged event) {
        tasks.syncLastRun(event.scheduledTaskId(), event.runId(), event.status().wire(), event.lastError());
    }

    // ---- rules --------------------------------------------------------------------------------

    private static String required(@Nullable String value, String field) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw new BadRequestException(field + " cannot be empty");
        }
        return v;
    }

    /** poco's message for an expression croniter refuses, with the reason after it. */
    static Cron cron(String text) {
        try {
            return Cron.parse(text);
        } catch (Cron.InvalidCronException e) {
            throw new BadRequestException("Invalid cron expression: " + text + " (" + e.getMessage() + ")");
        }
    }

    /** An IANA zone name (as Python's ZoneInfo takes it); blank is UTC. Offsets like {@code +02:00} are refused. */
    static ZoneId zone(@Nullable String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            return ZoneId.of("UTC");
        }
        if (!ZoneId.getAvailableZoneIds().contains(n)) {
            throw new BadRequestException("Invalid timezone: " + name);
        }
        return ZoneId.of(n);
    }

    private static OffsetDateTime nextFire(Cron cron, ZoneId zone, OffsetDateTime now) {
        return cron.next(now.toInstant(), zone).map(i -> i.atOffset(ZoneOffset.UTC))
                .orElseThrow(() -> new BadRequestException("Invalid cron expression: " + cron + " (it never fires)"));
    }
}
