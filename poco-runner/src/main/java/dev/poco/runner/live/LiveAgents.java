package dev.poco.runner.live;

import dev.poco.protocol.spec.RunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live agents of one runner: a warm pool of agents started ahead for new sessions, and the hot agents of
 * sessions whose last run completed.
 *
 * <p><b>Warm pool.</b> Up to {@link LiveSettings#warmPool()} agents of one {@link LaunchKey} (the launcher's), each in a
 * fresh, empty workspace of its own with the CLI past {@code initialize}. A run whose key equals the pool's takes one
 * ({@link #takeWarm}); any other starts cold, never on an agent of another configuration, and the pool follows it
 * ({@link #retarget}): it serves the configuration of the last new session that missed it, which on a host of one
 * user with one configuration is every new session after the first. One housekeeping thread refills the pool one agent at a time, so refilling never takes more than
 * one core's worth of start-up from the runs, and recycles pooled agents older than {@link LiveSettings#warmIdle()}.
 *
 * <p><b>Hot agents.</b> A run that completed cleanly parks its agent under its session ({@link #park}); the
 * session's next run takes it ({@link #takeHot}) and the pipeline decides whether it qualifies. At most {@link
 * LiveSettings#hotSessionsMax()} are kept, least recently parked closed first, and none while the host has less than
 * {@link LiveSettings#minFreeMemoryMb()} available; one idle longer than {@link LiveSettings#hotIdle()} is closed.
 *
 * <p>Thread-safe. Closing an agent may block for seconds, so it happens outside the lock, on the caller's or the
 * housekeeping thread. {@link #close()} closes every agent.
 */
public final class LiveAgents implements AutoCloseable {

    /** Starts agents for the pool. */
    public interface Launcher {

        /** The configuration of the agents it starts. */
        LaunchKey key();

        /** Starts one agent in a fresh pool workspace and waits until its CLI answered {@code initialize}. */
        LiveAgent launch() throws InterruptedException;

        /** From now on, starts agents for runs like {@code template} of {@code owner}. */
        void retarget(RunSpec template, String owner);
    }

    /** A candidate agent, or why there is none. */
    public record Pick(@Nullable LiveAgent agent, String reason) {}

    private static final Logger log = LoggerFactory.getLogger(LiveAgents.class);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    /**
     * How long after a run took a pooled agent the refill waits: a CLI start costs about a CPU-second, and while its
     * sandbox is being set up it is not yet put behind the runs ({@link
     * dev.poco.runner.sandbox.SandboxHandle#background}) and would compete with the taking run's first turn, which is
     * over within about this time.
     */
    static final Duration REFILL_SETTLE = Duration.ofMillis(250);

    private final LiveSettings settings;
    private final @Nullable Launcher launcher;
    private final Map<UUID, LiveAgent> hot = new LinkedHashMap<>(16, 0.75f, true); // guarded by this
    private final Deque<LiveAgent> warm = new ArrayDeque<>(); // guarded by this
    private @Nullable Thread housekeeper; // guarded by this
    private boolean closed; // guarded by this
    private long failures; // guarded by this
    private long refillNotBefore = System.nanoTime(); // guarded by this

    /** @param launcher starts pooled agents; null for no pool whatever the settings say */
    public LiveAgents(LiveSettings settings, @Nullable Launcher launcher) {
        this.settings = settings;
        this.launcher = settings.warmEnabled() ? launcher : null;
    }

    /** Keeps nothing: every run cold, as before live agents. */
    public static LiveAgents off() {
        return new LiveAgents(LiveSettings.OFF, null);
    }

    public LiveSettings settings() {
        return settings;
    }

    /** Starts the housekeeping thread (pool refill, idle and dead agents). Idempotent. */
    public synchronized void start() {
        if (housekeeper != null || closed || (launcher == null && !settings.hotEnabled())) {
            return;
        }
        housekeeper = Thread.ofPlatform().daemon().name("poco-live-agents").priority(Thread.MIN_PRIORITY)
                .start(this::houseKeep);
    }

    // ---- hot ------------------------------------------------------------------------------

    /** Removes and returns the session's hot agent; the caller uses it or closes it. */
    public synchronized @Nullable LiveAgent takeHot(UUID sessionId) {
        return hot.remove(sessionId);
    }

    /**
     * Keeps {@code agent} for its session's next run (its {@link LiveAgent#served()} names the session). Makes room
     * by closing the least recently parked agents; closes {@code agent} instead when hot agents are off, the runner is
     * closing or the host is short of memory even with no hot agent left.
     *
     * @return whether it was kept
     */
    public boolean park(LiveAgent agent) {
        LiveAgent.Served served = agent.served();
        List<LiveAgent> toClose = new ArrayList<>();
        boolean kept = false;
        synchronized (this) {
            if (served != null && settings.hotEnabled() && !closed && agent.alive()) {
                LiveAgent previous = hot.remove(served.sessionId());
                if (previous != null) {
                    toClose.add(previous);
                }
                while (hot.size() >= settings.hotSessionsMax() || (memoryShort() && !hot.isEmpty())) {
                    toClose.add(removeEldest());
                }
                if (!memoryShort()) {
                    agent.permissions().idle();
                    agent.idleFromNow();
                    hot.put(served.sessionId(), agent);
                    kept = true;
                }
            }
        }
        if (!kept) {
            toClose.add(agent);
        }
        closeAll(toClose, "evicted");
        return kept;
    }

    public synchronized int hotCount() {
        return hot.size();
    }

    // ---- warm -----------------------------------------------------------------------------

    /** The pool's configuration, or null when there is no pool. */
    public @Nullable LaunchKey warmKey() {
        Launcher l = launcher;
        return l == null ? null : l.key();
    }

    /**
     * A pooled agent for a new session whose configuration is {@code key}; none when the key differs from the pool's
     * (the reason then says what differs) or the pool is empty. Taking one wakes the refill.
     */
    public Pick takeWarm(LaunchKey key) {
        Launcher l = launcher;
        if (l == null) {
            return new Pick(null, "no warm pool (POCO_RUNNER_WARM_POOL=0)");
        }
        if (!key.equals(l.key())) {
            return new Pick(null, "the run's " + key.differenceFrom(l.key()) + " differs from the warm pool's");
        }
        List<LiveAgent> dead = new ArrayList<>();
        LiveAgent taken = null;
        synchronized (this) {
            while (!warm.isEmpty()) {
                LiveAgent candidate = warm.pollFirst();
                if (candidate.alive()) {
                    taken = candidate;
                    break;
                }
                dead.add(candidate);
            }
            refillNotBefore = System.nanoTime() + REFILL_SETTLE.toNanos();
            notifyAll();
        }
        closeAll(dead, "found dead in the pool");
        return taken != null ? new Pick(taken, "warm pool") : new Pick(null, "the warm pool is empty");
    }

    public synchronized int warmCount() {
        return warm.size();
    }

    /**
     * Makes the pool serve runs like {@code template} of {@code owner} (a new session whose key differed); pooled
     * agents of the old configuration are closed in the background and the pool refills. No-op without a pool.
     */
    public void retarget(RunSpec template, String owner) {
        Launcher l = launcher;
        if (l == null) {
            return;
        }
        List<LiveAgent> stale;
        synchronized (this) {
            l.retarget(template, owner);
            LaunchKey key = l.key();
            stale = warm.stream().filter(agent -> !agent.key().equals(key)).toList();
            warm.removeAll(stale);
            notifyAll();
        }
        if (!stale.isEmpty()) {
            Thread.ofVirtual().name("live-agents-retarget").start(() -> closeAll(stale, "the pool serves another"
                    + " configuration now"));
        }
    }

    // ---- housekeeping ---------------------------------------------------------------------

    private void houseKeep() {
        while (true) {
            try {
                reap();
                Launcher l = launcher;
                long settle = refillWait();
                if (l != null && warmDeficit() && settle <= 0) {
                    refillOne(l);
                } else {
                    synchronized (this) {
                        if (closed) {
                            return;
                        }
                        wait(l != null && warmDeficit() ? Math.max(1, settle)
                                : HOUSEKEEPING.toMillis());
                    }
                }
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Live agent housekeeping failed", e);
            }
        }
    }

    /** Milliseconds until the pool may refill after the last take; zero or less when it may now. */
    private synchronized long refillWait() {
        return TimeUnit.NANOSECONDS.toMillis(refillNotBefore - System.nanoTime());
    }

    private synchronized boolean warmDeficit() {
        return !closed && warm.size() < settings.warmPool();
    }

    private void refillOne(Launcher l) throws InterruptedException {
        long started = System.nanoTime();
        LiveAgent agent;
        try {
            agent = l.launch();
        } catch (RuntimeException e) {
            long backoff;
            synchronized (this) {
                failures++;
                backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(failures, 6));
            }
            log.warn("Starting a warm agent failed (retry in {} s): {}", backoff / 1000, e.getMessage());
            synchronized (this) {
                if (!closed) {
                    wait(backoff);
                }
            }
            return;
        }
        boolean kept;
        synchronized (this) {
            failures = 0;
            kept = !closed && warm.size() < settings.warmPool() && agent.key().equals(l.key());
            if (kept) {
                warm.addLast(agent);
            }
        }
        if (kept) {
            log.debug("Warm agent {} ready in {} ms", agent.id(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                    - started));
        } else {
            closeAll(List.of(agent), "not needed");
        }
    }

    /** Closes hot agents idle too long, pooled agents too old, and any agent whose process died. */
    private void reap() {
        List<LiveAgent> toClose = new ArrayList<>();
        long hotIdle = settings.hotIdle().toNanos();
        long warmIdle = settings.warmIdle().toNanos();
        synchronized (this) {
            for (Iterator<LiveAgent> it = hot.values().iterator(); it.hasNext(); ) {
                LiveAgent agent = it.next();
                if (agent.idleNanos() > hotIdle || !agent.alive()) {
                    it.remove();
                    toClose.add(agent);
                }
            }
            while (memoryShort() && !hot.isEmpty()) {
                toClose.add(removeEldest());
            }
            for (Iterator<LiveAgent> it = warm.iterator(); it.hasNext(); ) {
                LiveAgent agent = it.next();
                if (agent.ageNanos() > warmIdle || !agent.alive()) {
                    it.remove();
                    toClose.add(agent);
                }
            }
        }
        closeAll(toClose, "idle, too old or dead");
    }

    private LiveAgent removeEldest() {
        Iterator<LiveAgent> eldest = hot.values().iterator();
        LiveAgent agent = eldest.next();
        eldest.remove();
        return agent;
    }

    private boolean memoryShort() {
        long min = settings.minFreeMemoryMb();
        return min > 0 && availableMemoryMb() < min;
    }

    /** {@code MemAvailable} of the host; a large number when it cannot be read (no ceiling then). */
    static long availableMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            log.debug("Cannot read MemAvailable: {}", e.toString());
        }
        return Long.MAX_VALUE;
    }

    private static void closeAll(List<LiveAgent> agents, String why) {
        for (LiveAgent agent : agents) {
            log.info("Closing {} ({})", agent, why);
            agent.close();
        }
    }

    /** Stops housekeeping and closes every pooled and hot agent; blocks until they are closed. Idempotent. */
    @Override
    public void close() {
        List<LiveAgent> all;
        Thread keeper;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(hot.values());
            all.addAll(warm);
            hot.clear();
            warm.clear();
            keeper = housekeeper;
            notifyAll();
        }
        if (keeper != null) {
            keeper.interrupt();
            try {
                keeper.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        all.parallelStream().forEach(LiveAgent::close);
    }
}
