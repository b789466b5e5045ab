package dev.poco.server.runs;

import dev.poco.protocol.ClaimBatchRequest;
import dev.poco.protocol.ClaimRequest;
import dev.poco.protocol.ClaimedRun;
import dev.poco.server.memories.MemoryService;
import dev.poco.protocol.HeartbeatRequest;
import dev.poco.protocol.RunDirective;
import dev.poco.protocol.RunStatus;
import dev.poco.protocol.RunView;
import dev.poco.protocol.UsageView;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ChangeNotifier;
import dev.poco.server.common.ChangeNotifiers;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.PgNotifications;
import dev.poco.server.messages.MessageService;
import dev.poco.server.messages.SdkMessages;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionService;
import dev.poco.server.usage.UsageService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The run queue's use cases: claim (a long-poll), start, heartbeat, watch, fail, and the reads. Every status change
 * goes through {@link RunLifecycle}, whose NOTIFYs wake the claimers and watchers waiting here on any replica.
 */
@Service
public class RunService {

    /** Payload: a worker id whose claims were released, so every replica ends that worker's pending claims. */
    static final String RELEASE_CHANNEL = "runner_released";
    private static final String QUEUE_KEY = "queue";
    /** Waiters re-check at least this often, for runs scheduled in the future. */
    private static final Duration MAX_IDLE_WAIT = Duration.ofSeconds(5);
    private static final int MAX_CANDIDATES = 20;

    private static final Logger log = LoggerFactory.getLogger(RunService.class);

    private final RunRepository runs;
    private final SessionService sessions;
    private final MessageService messages;
    private final UsageService usage;
    private final RunLifecycle lifecycle;
    private final JdbcClient jdbc;
    private final RunProperties properties;
    private final TransactionTemplate tx;
    private final ChangeNotifier queueChanges;
    private final ChangeNotifier runChanges;
    private final MemoryService memory;
    private final RunnerPresence presence;
    /** Numbers claim requests as they arrive here, so a release can tell the ones it ends from later ones. */
    private final AtomicLong claimArrivals = new AtomicLong();
    /** Per released worker: claims that arrived here up to this number get nothing (see {@link #releaseClaims}). */
    private final Map<String, Released> releases = new ConcurrentHashMap<>();

    private record Released(long upTo, Instant at) {}

    RunService(RunRepository runs, SessionService sessions, MessageService messages, UsageService usage,
            RunLifecycle lifecycle, JdbcClient jdbc, RunProperties properties, TransactionTemplate tx,
            ChangeNotifiers notifiers, PgNotifications hub, RunnerPresence presence, MemoryService memory) {
        this.presence = presence;
        this.memory = memory;
        this.runs = runs;
        this.sessions = sessions;
        this.messages = messages;
        this.usage = usage;
        this.lifecycle = lifecycle;
        this.jdbc = jdbc;
        this.properties = properties;
        this.tx = tx;
        this.queueChanges = notifiers.on(RunLifecycle.QUEUE_CHANNEL, payload -> QUEUE_KEY);
        this.runChanges = notifiers.on(RunLifecycle.CONTROL_CHANNEL, payload -> payload);
        hub.subscribe(RELEASE_CHANNEL, worker -> {
            if (!PgNotifications.RECONNECTED.equals(worker)) {
                markReleased(worker);
            }
        });
    }

    // ---- claim -----------------------------------------------------------------------------

    /**
     * Claims the oldest claimable run, waiting up to {@code wait_seconds} (capped) for one to be
     * queued. Two claimers never get the same run, and a session never has two active runs: the
     * run and its session row are locked together and the session is re-checked under the lock.
     */
    public Optional<ClaimedRun> claim(ClaimRequest request) {
        return claimUpTo(request, 1).stream().findFirst();
    }

    /**
     * Claims up to {@code max} runs for one worker (Poco's batch claim): waits like {@link #claim} until
     * at least one run is ready, then takes every ready run up to {@code max}, oldest first, in one
     * transaction. Empty when the wait ended with nothing.
     */
    public List<ClaimedRun> claimBatch(ClaimBatchRequest request) {
        int max = request.max() == null ? 1 : request.max();
        if (max < 1 || max > ClaimBatchRequest.MAX_BATCH) {
            throw new BadRequestException("max must be between 1 and " + ClaimBatchRequest.MAX_BATCH);
        }
        return claimUpTo(request.single(), max);
    }

    private List<ClaimedRun> claimUpTo(ClaimRequest request, int max) {
        String workerId = request.workerId() == null ? "" : request.workerId().strip();
        if (workerId.isEmpty()) {
            throw new BadRequestException("worker_id cannot be empty");
        }
        if (workerId.length() > 255) {
            throw new BadRequestException("worker_id must be at most 255 characters");
        }
        int lease = request.leaseSeconds() == null || request.leaseSeconds() <= 0
                ? properties.defaultLeaseSeconds() : Math.min(request.leaseSeconds(), properties.maxLeaseSeconds());
        List<String> modes = request.scheduleModes();
        presence.seen(workerId, modes);
        int waitSeconds = request.waitSeconds() == null ? 0
                : Math.max(0, Math.min(request.waitSeconds(), properties.maxClaimWaitSeconds()));
        Instant deadline = Instant.now().plusSeconds(waitSeconds);
        long arrival = claimArrivals.incrementAndGet();
        while (true) {
            try (ChangeNotifier.Watch watch = queueChanges.watch(QUEUE_KEY)) {
                if (released(workerId, arrival)) {
                    return List.of();
                }
                List<ClaimedRun> claimed = tx.execute(s -> {
                    runs.lockWorker(workerId);
                    if (released(workerId, arrival)) {
                        return List.<ClaimedRun>of();
                    }
                    requeueExpiredClaims();
                    List<ClaimedRun> taken = new ArrayList<>();
                    while (taken.size() < max) {
                        Optional<ClaimedRun> next = claimOnce(workerId, lease, modes);
                        if (next.isEmpty()) {
                            break;
                        }
                        taken.add(next.get());
                    }
                    return taken;
                });
                if (claimed != null && !claimed.isEmpty()) {
                    return claimed;
                }
                Duration remaining = Duration.between(Instant.now(), deadline);
                if (remaining.isNegative() || remaining.isZero() || queueChanges.stopping()) {
                    return List.of();
                }
                watch.await(remaining.compareTo(MAX_IDLE_WAIT) < 0 ? remaining : MAX_IDLE_WAIT);
            }
        }
    }

    /**
     * The worker stopped claiming (Poco's runner calls this when it stops): its claim long-polls
     * pending on any replica end empty, no claim that arrived before this gets a run any more, and its
     * claimed but unstarted runs go back to the queue at once instead of when their lease expires.
     * Claims the worker sends afterwards (a runner started again under the same name) work as usual.
     * Returns the requeued runs.
     */
    public List<Run> releaseClaims(String workerId) {
        String worker = workerId == null ? "" : workerId.strip();
        if (worker.isEmpty()) {
            throw new BadRequestException("worker_id cannot be empty");
        }
        markReleased(worker);
        // Under the worker's lock: a claim of this worker in flight has committed (and is requeued here) or
        // will see the mark. Other replicas mark on the notification, after this commits.
        List<Run> requeued = tx.execute(s -> {
            runs.lockWorker(worker);
            List<Run> back = lifecycle.requeueClaimsOf(worker);
            back.forEach(r -> log.info("Run {} claimed by {} is back in the queue: the runner stopped", r.id(),
                    worker));
            PgNotifications.notify(jdbc, RELEASE_CHANNEL, worker);
            return back;
        });
        presence.gone(worker);
        return requeued == null ? List.of() : requeued;
    }

    /** The runners that claimed within {@code within} and the schedule modes each takes (for GET /schedules). */
    public List<RunnerSeen> recentRunners(Duration within) {
        return presence.recent(within);
    }

    private void markReleased(String worker) {
        Instant now = Instant.now();
        releases.put(worker, new Released(claimArrivals.get(), now));
        // A claim waits at most maxClaimWaitSeconds, so older marks can no longer match a pending one.
        Instant stale = now.minusSeconds(properties.maxClaimWaitSeconds() + 60L);
        releases.values().removeIf(r -> r.at().isBefore(stale));
        queueChanges.wake(QUEUE_KEY);
    }

    private boolean released(String worker, long arrival) {
        Released r = releases.get(worker);
        return r != null && arrival <= r.upTo();
    }

    private Optional<ClaimedRun> claimOnce(String workerId, int lease, @Nullable List<String> modes) {
        List<UUID> skipped = new ArrayList<>();
        for (int i = 0; i < MAX_CANDIDATES; i++) {
            Optional<Run> candidate = runs.lockNextCandidate(workerId, modes, skipped);
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            Run run = candidate.get();
            if (runs.hasOtherActiveRun(run.sessionId(), run.id())) {
                skipped.add(run.id()); // a claim of this session committed after our snapshot
                continue;
            }
            Optional<Session> session = sessions.find(run.sessionId());
            Optional<String> prompt = messages.find(run.userMessageId()).flatMap(m -> SdkMessages.firstText(m.content())
                    .or(() -> Optional.ofNullable(m.textPreview())));
            if (session.isEmpty() || prompt.isEmpty()) {
                // poco raised here and rolled back, so the same broken run blocked the queue forever.
                lifecycle.failUnclaimable(run, "Unable to extract prompt from message");
                skipped.add(run.id());
                continue;
            }
            Run claimed = lifecycle.claim(run, workerId, lease);
            Session s = session.get();
            JsonNode config = claimed.configSnapshot() != null && !claimed.configSnapshot().isEmpty()
                    ? claimed.configSnapshot() : s.configSnapshot();
            String resume = claimed.scheduledTaskId() == null ? s.sdkSessionId() : null;
            ClaimedRun claim = ClaimedRun.of(view(claimed, null), s.userId(), prompt.get(), config, resume,
                    runs.previousRunId(run.sessionId(), run.id()).orElse(null));
            // the memory tools follow the owner's switch at the time of the claim, not the session's creation
            return Optional.of(new ClaimedRun(claim.run(), claim.userId(), claim.prompt(), claim.configSnapshot(),
                    claim.sdkSessionId(), claim.spec().withMemory(memory.enabledFor(s.userId())
                            ? dev.poco.protocol.spec.Memory.ENABLED : dev.poco.protocol.spec.Memory.DISABLED),
                    claim.previousRunId()));
        }
        return Optional.empty();
    }

    // ---- start, heartbeat, watch, fail ------------------------------------------------------

    @Transactional
    public RunView start(UUID runId, String workerId) {
        return view(lifecycle.start(lockForWorker(runId, workerId)), null);
    }

    /** The runner is alive; extends a claim's lease. A finished run answers "stop". */
    @Transactional
    public RunDirective heartbeat(UUID runId, HeartbeatRequest request) {
        Run run = lockForWorker(runId, request.workerId());
        if (run.status().isTerminal()) {
            return RunDirective.of(runId, run.status());
        }
        Integer lease = request.leaseSeconds() == null ? null
                : Math.max(1, Math.min(request.leaseSeconds(), properties.maxLeaseSeconds()));
        return RunDirective.of(runId, runs.heartbeat(runId, lease).status());
    }

    /** Holds the request until the run's status differs from {@code known}, or the wait ends. */
    public RunDirective watch(UUID runId, @Nullable RunStatus known, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            try (ChangeNotifier.Watch watch = runChanges.watch(runId.toString())) {
                Run run = runs.find(runId).orElseThrow(() -> new NotFoundException("Run not found: " + runId));
                Duration remaining = Duration.between(Instant.now(), deadline);
                if (run.status() != known || run.status().isTerminal() || remaining.isNegative() || remaining.isZero()
                        || runChanges.stopping()) {
                    return RunDirective.of(runId, run.status());
                }
                watch.await(remaining);
            }
        }
    }

    @Transactional
    public RunView fail(UUID runId, String workerId, @Nullable String errorMessage) {
        // poco overwrote even canceled runs; a finished run stays finished
        return view(lifecycle.fail(lockForWorker(runId, workerId), errorMessage), null);
    }

    /**
     * Locks the run's session, then the run: the order callbacks use (session first, then run), so a runner's
     * {@code fail} racing its own last callback waits instead of deadlocking (both append session events, which
     * update the session row).
     */
    private Run lockForWorker(UUID runId, @Nullable String workerId) {
        Run unlocked = runs.find(runId).orElseThrow(() -> new NotFoundException("Run not found: " + runId));
        sessions.lock(unlocked.sessionId());
        Run run = runs.lock(runId).orElseThrow(() -> new NotFoundException("Run not found: " + runId));
        String worker = workerId == null ? "" : workerId.strip();
        if (worker.isEmpty()) {
            throw new BadRequestException("worker_id cannot be empty");
        }
        if (run.claimedBy() != null && !run.claimedBy().equals(worker)) {
            throw new ForbiddenException("Run is claimed by another worker");
        }
        return run;
    }

    // ---- callbacks --------------------------------------------------------------------------

    /** The run a callback applies to: the one named, if it is the session's, else the newest active. */
    @Transactional(readOnly = true)
    public Optional<Run> runForCallback(UUID sessionId, @Nullable UUID runId) {
        if (runId != null) {
            return runs.find(runId).filter(r -> r.sessionId().equals(sessionId));
        }
        return runs.latestActive(sessionId);
    }

    // ---- reads ------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public RunView get(Caller caller, UUID runId) {
        Run run = runs.find(runId).orElseThrow(() -> new NotFoundException("Run not found: " + runId));
        Session session = sessions.find(run.sessionId())
                .orElseThrow(() -> new NotFoundException("Session not found: " + run.sessionId()));
        sessions.checkReadable(caller, session, "Run does not belong to the user");
        return view(run, usage.forRun(runId));
    }

    @Transactional(readOnly = true)
    public List<RunView> listBySession(Caller caller, UUID sessionId, int limit, int offset) {
        sessions.requireReadable(caller, sessionId);
        List<Run> page = runs.listBySession(sessionId, limit, offset);
        Map<UUID, UsageView> usages = usage.forRuns(page.stream().map(Run::id).toList());
        return page.stream().map(r -> view(r, usages.get(r.id()))).toList();
    }

    /** A scheduled task's runs, newest first, each with its usage (the caller checked the task's owner). */
    @Transactional(readOnly = true)
    public List<RunView> listByScheduledTask(UUID scheduledTaskId, int limit, int offset) {
        List<Run> page = runs.listByScheduledTask(scheduledTaskId, limit, offset);
        Map<UUID, UsageView> usages = usage.forRuns(page.stream().map(Run::id).toList());
        return page.stream().map(r -> view(r, usages.get(r.id()))).toList();
    }

    /** Whether the session (when given) or the scheduled task has a queued, claimed or running run. */
    @Transactional(readOnly = true)
    public boolean hasUnfinishedRun(@Nullable UUID sessionId, UUID scheduledTaskId) {
        return runs.hasUnfinishedRun(sessionId, scheduledTaskId);
    }

    /** The user's sessions with a queued, claimed or running run (to cancel them when the user is disabled). */
    @Transactional(readOnly = true)
    public List<UUID> sessionsWithUnfinishedRuns(String userId) {
        return runs.sessionsWithUnfinishedRuns(userId);
    }

    @Transactional(readOnly = true)
    public Optional<Run> find(UUID runId) {
        return runs.find(runId);
    }

    @Transactional(readOnly = true)
    public List<Run> allOfSession(UUID sessionId) {
        return runs.listBySession(sessionId, Integer.MAX_VALUE, 0);
    }

    @Transactional(readOnly = true)
    public Optional<Run> latestForMessage(UUID sessionId, long userMessageId) {
        return runs.latestForMessage(sessionId, userMessageId);
    }

    /** Deletes runs whose prompt is at or after the message (regenerate, edit); usage goes with them. */
    @Transactional
    public List<Run> deleteFromMessage(UUID sessionId, long userMessageId) {
        return runs.deleteFromMessage(sessionId, userMessageId);
    }

    /** Copies a finished run into a branched session. */
    @Transactional
    public Run cloneInto(Run run, UUID sessionId, long userMessageId) {
        if (!run.status().isTerminal()) {
            throw new IllegalArgumentException("Only finished runs are copied into a branch");
        }
        return runs.cloneInto(run, sessionId, userMessageId);
    }

    // ---- reaper -----------------------------------------------------------------------------

    /** Expired claims back to the queue; returns them (their runners lost the lease). */
    @Transactional
    public List<Run> requeueExpiredClaims() {
        List<Run> requeued = lifecycle.requeueExpiredClaims();
        requeued.forEach(r -> log.info("Claim of run {} back in the queue: its lease expired", r.id()));
        return requeued;
    }

    /** Locks running runs whose runner stopped sending heartbeats. */
    @Transactional
    public List<Run> lockSilentRuns() {
        return runs.lockSilentRuns(properties.heartbeatTimeoutSeconds());
    }

    public RunView view(Run r, @Nullable UsageView runUsage) {
        return RunLifecycle.view(r, runUsage);
    }
}
