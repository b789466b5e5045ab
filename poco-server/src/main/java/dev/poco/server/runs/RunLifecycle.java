package dev.poco.server.runs;

import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.EventType;
import dev.poco.protocol.RunStatus;
import dev.poco.protocol.RunView;
import dev.poco.server.common.PgNotifications;
import dev.poco.server.events.SessionEvents;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionPatch;
import dev.poco.server.sessions.SessionService;
import dev.poco.server.sessions.SessionStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The one owner of run status and of the session status derived from it. The table is {@link #next}: what each
 * {@link Trigger} does to a run in each status; {@link #sessionStatusAfter} says what the session shows after a run
 * moved. Every writer of either status goes through this class: {@code POST /tasks}, regenerate and edit
 * ({@link #enqueue}, {@link #queueing}), the claim loop ({@link #claim}), the runner's start and fail, callbacks
 * ({@link #applyCallback}), cancel ({@link #cancelRuns}, {@link #sessionCanceled}) and the reaper
 * ({@link #requeueExpiredClaims}, {@link #fail}). The only other status writer is poco's {@code PATCH /sessions/{id}},
 * which stores whatever string the client sends.
 *
 * <p>Callers hold the locks (session row, then run row); every method runs in the caller's transaction. Each run
 * change is a {@code run.updated} event plus NOTIFYs that wake claimers ({@value #QUEUE_CHANNEL}) and watchers of
 * the run ({@value #CONTROL_CHANNEL}, payload: run id), delivered on commit.
 */
@Component
public class RunLifecycle {

    static final String QUEUE_CHANNEL = "runs_queued";
    static final String CONTROL_CHANNEL = "run_control";

    /** What happens to a run. */
    public enum Trigger {
        /** A runner takes a queued run. */
        CLAIM,
        /** The runner starts the run, or a callback reports it running. */
        START,
        COMPLETE,
        FAIL,
        CANCEL,
        /** The claim's lease ran out before the run started. */
        LEASE_EXPIRED
    }

    /**
     * The transition table. Returns the run's next status; the same status means "no change" (an idempotent
     * repeat, or a late report for a run that already finished: a finished run stays finished, so a cancel wins
     * over a runner's later fail or callback, and a cancel of a finished run changes nothing).
     *
     * @throws IllegalStateException for a move that must never be asked for (claiming a run that is not queued)
     */
    public static RunStatus next(RunStatus current, Trigger trigger) {
        if (current.isTerminal()) {
            return current;
        }
        return switch (trigger) {
            case CLAIM -> {
                if (current != RunStatus.QUEUED) {
                    throw new IllegalStateException("Only a queued run can be claimed, not a " + current.wire() + " one");
                }
                yield RunStatus.CLAIMED;
            }
            // poco lets a runner report progress on a run whose start it skipped: queued or claimed both start
            case START -> RunStatus.RUNNING;
            // a callback may name a queued run directly (poco applies it), so any unfinished run may finish
            case COMPLETE -> RunStatus.COMPLETED;
            case FAIL -> RunStatus.FAILED;
            case CANCEL -> RunStatus.CANCELED;
            case LEASE_EXPIRED -> current == RunStatus.CLAIMED ? RunStatus.QUEUED : current;
        };
    }

    /** Whether some trigger moves a run from {@code from} to another status {@code to}. */
    public static boolean allows(RunStatus from, RunStatus to) {
        for (Trigger trigger : Trigger.values()) {
            try {
                if (from != to && next(from, trigger) == to) {
                    return true;
                }
            } catch (IllegalStateException refused) {
                // not a legal trigger in this status
            }
        }
        return false;
    }

    /**
     * The session's status once one of its runs is in {@code run}; empty when the session keeps its status. A
     * finished run leaves the session pending while another run of it is still unfinished.
     */
    public static Optional<SessionStatus> sessionStatusAfter(RunStatus run, boolean otherRunsUnfinished) {
        return switch (run) {
            case QUEUED -> Optional.of(SessionStatus.PENDING);
            case CLAIMED -> Optional.empty();
            case RUNNING -> Optional.of(SessionStatus.RUNNING);
            case COMPLETED, FAILED -> Optional.of(otherRunsUnfinished ? SessionStatus.PENDING
                    : run == RunStatus.COMPLETED ? SessionStatus.COMPLETED : SessionStatus.FAILED);
            case CANCELED -> Optional.of(SessionStatus.CANCELED);
        };
    }

    /** A branch holds only finished runs of its source, so it starts completed (poco). */
    public static SessionStatus branchStatus() {
        return SessionStatus.COMPLETED;
    }

    private final RunRepository runs;
    private final SessionService sessions;
    private final SessionEvents events;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher publisher;

    RunLifecycle(RunRepository runs, SessionService sessions, SessionEvents events, JdbcClient jdbc,
            ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.runs = runs;
        this.sessions = sessions;
        this.events = events;
        this.jdbc = jdbc;
    }

    // ---- queue -------------------------------------------------------------------------------

    /** A new prompt is about to be queued: applies {@code fields} and makes the session pending, in one update. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Session queueing(UUID sessionId, SessionPatch fields) {
        return sessions.update(sessionId, fields.status(sessionStatusAfter(RunStatus.QUEUED, false).orElseThrow()));
    }

    /** Queues a run for the session's user message and wakes waiting runners on commit. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Run enqueue(UUID sessionId, long userMessageId, String permissionMode, String scheduleMode,
            @Nullable OffsetDateTime scheduledAt, @Nullable JsonNode config, @Nullable UUID scheduledTaskId) {
        Run run = runs.insert(sessionId, userMessageId, permissionMode, scheduleMode, scheduledAt, config,
                scheduledTaskId);
        changed(run);
        return run;
    }

    /** Claims a queued run the caller locked (with its session). */
    @Transactional(propagation = Propagation.MANDATORY)
    Run claim(Run run, String workerId, int leaseSeconds) {
        next(run.status(), Trigger.CLAIM);
        Run claimed = runs.markClaimed(run.id(), workerId, leaseSeconds);
        changed(claimed);
        return claimed;
    }

    /** A queued run that can never run (its prompt is gone): failed without touching the session, as poco does. */
    @Transactional(propagation = Propagation.MANDATORY)
    Run failUnclaimable(Run run, String reason) {
        Run failed = runs.finish(run.id(), next(run.status(), Trigger.FAIL), reason, null);
        changed(failed);
        return failed;
    }

    /** Expired claims back to the queue; returns them (their runners lost the lease). */
    @Transactional(propagation = Propagation.MANDATORY)
    List<Run> requeueExpiredClaims() {
        // the statement picks exactly the runs LEASE_EXPIRED moves: claimed ones
        List<Run> requeued = runs.requeueExpiredClaims();
        requeued.forEach(this::changed);
        return requeued;
    }

    /** A stopped runner's claimed, unstarted runs back to the queue (the move LEASE_EXPIRED makes); returns them. */
    @Transactional(propagation = Propagation.MANDATORY)
    List<Run> requeueClaimsOf(String workerId) {
        List<Run> requeued = runs.requeueClaimsOf(workerId);
        requeued.forEach(this::changed);
        return requeued;
    }

    // ---- runner ------------------------------------------------------------------------------

    /** The runner started the run (locked by the caller); the session is running. Repeats change nothing. */
    @Transactional(propagation = Propagation.MANDATORY)
    Run start(Run run) {
        if (next(run.status(), Trigger.START) == run.status()) {
            return run;
        }
        Run started = runs.markRunning(run.id());
        changed(started);
        sessionAfter(started);
        return started;
    }

    /**
     * Fails an unfinished run (the runner's fail call, or the reaper's for a lost runner) and derives the session's
     * status; a finished run stays as it is.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Run fail(Run run, @Nullable String reason) {
        RunStatus to = next(run.status(), Trigger.FAIL);
        if (to == run.status()) {
            return run;
        }
        Run failed = runs.finish(run.id(), to, reason, null);
        changed(failed);
        sessionAfter(failed);
        return failed;
    }

    // ---- callbacks ---------------------------------------------------------------------------

    /** A callback's effect: the run as it now is (null when the callback named none) and the session. */
    public record CallbackOutcome(@Nullable Run run, Session session) {}

    /**
     * Applies a callback's status and progress (reference §3.5 step 6) to the run, when there is one and it is
     * unfinished, then writes the session once: {@code fields} (SDK session id, workspace keys) and the status the
     * callback implies. A terminal callback decides the session's status even without a run, as in poco.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CallbackOutcome applyCallback(Session session, @Nullable Run run, CallbackStatus status, int progress,
            @Nullable String errorMessage, SessionPatch fields) {
        Run updated = run == null ? null : applyToRun(run, status, progress, errorMessage);
        Optional<SessionStatus> derived = Optional.empty();
        if (status.isTerminal()) {
            boolean others = runs.hasOtherUnfinishedRun(session.id(), run == null ? null : run.id());
            derived = sessionStatusAfter(status == CallbackStatus.COMPLETED ? RunStatus.COMPLETED : RunStatus.FAILED,
                    others);
        } else if (status == CallbackStatus.RUNNING && run != null) {
            derived = sessionStatusAfter(RunStatus.RUNNING, false);
        }
        SessionPatch patch = derived.filter(s -> !s.wire().equals(session.status())).map(fields::status).orElse(fields);
        Session after = patch.isEmpty() ? session : sessions.update(session.id(), patch);
        return new CallbackOutcome(updated, after);
    }

    private Run applyToRun(Run run, CallbackStatus status, int progress, @Nullable String errorMessage) {
        if (run.status().isTerminal()) {
            return run;
        }
        int p = Math.max(0, Math.min(100, progress));
        Run updated = switch (status) {
            case COMPLETED -> runs.finish(run.id(), next(run.status(), Trigger.COMPLETE), null, 100);
            case FAILED -> runs.finish(run.id(), next(run.status(), Trigger.FAIL),
                    errorMessage != null ? errorMessage : run.lastError(), p);
            case RUNNING -> run.status() != next(run.status(), Trigger.START)
                    ? runs.markRunningFromCallback(run.id(), p) : runs.setProgress(run.id(), p);
            case ACCEPTED -> runs.setProgress(run.id(), p);
        };
        if (updated.status() != run.status() || updated.progress() != run.progress()) {
            changed(updated);
        }
        return updated;
    }

    // ---- cancel ------------------------------------------------------------------------------

    /** Cancels every unfinished run of the session; runners watching them are told at once. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Run> cancelRuns(UUID sessionId) {
        // the statement picks exactly the runs CANCEL moves: unfinished ones
        List<Run> canceled = runs.cancelUnfinished(sessionId);
        canceled.forEach(this::changed);
        return canceled;
    }

    /** The user canceled the session (after {@link #cancelRuns}); it shows canceled whatever its runs were. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Session sessionCanceled(UUID sessionId) {
        return sessions.update(sessionId, SessionPatch.NONE.status(
                sessionStatusAfter(RunStatus.CANCELED, false).orElseThrow()));
    }

    // ---- shared ------------------------------------------------------------------------------

    private void sessionAfter(Run run) {
        boolean others = run.status().isTerminal() && runs.hasOtherUnfinishedRun(run.sessionId(), run.id());
        sessionStatusAfter(run.status(), others)
                .ifPresent(status -> sessions.update(run.sessionId(), SessionPatch.NONE.status(status)));
    }

    static RunView view(Run r, dev.poco.protocol.@Nullable UsageView runUsage) {
        return new RunView(r.id(), r.sessionId(), r.userMessageId(), r.status(), r.permissionMode(), r.progress(),
                r.scheduleMode(), r.scheduledTaskId(), r.scheduledAt(), r.configSnapshot(), r.claimedBy(),
                r.leaseExpiresAt(), r.attempts(), r.lastError(), r.startedAt(), r.finishedAt(), r.heartbeatAt(),
                r.createdAt(), r.updatedAt(), runUsage);
    }

    /** Event plus notifications for a changed run; delivered when the transaction commits. */
    private void changed(Run run) {
        events.append(run.sessionId(), run.id(), EventType.RUN_UPDATED, view(run, null));
        PgNotifications.notify(jdbc, CONTROL_CHANNEL, run.id().toString());
        if (run.status() == RunStatus.QUEUED || run.status().isTerminal()) {
            PgNotifications.notify(jdbc, QUEUE_CHANNEL, run.status().wire());
        }
        if (run.scheduledTaskId() != null) { // the task's last-run summary, in this transaction
            publisher.publishEvent(new ScheduledRunChanged(run.scheduledTaskId(), run.id(), run.status(),
                    run.lastError()));
        }
    }
}
