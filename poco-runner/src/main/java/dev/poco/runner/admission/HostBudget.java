package dev.poco.runner.admission;

import java.util.Optional;

/**
 * The host's budget for live Claude Code sessions, shared by everything on this runner that starts
 * or keeps a CLI process: claimed runs, and warm (pre-started) and hot (kept after a run) processes.
 *
 * <p>Two kinds of units, both taken together by {@link #admit} and {@link #tryAdmit}:
 * <ul>
 *   <li>a <b>live session</b>: one CLI process and its sandbox, alive (starting, working or idle). It
 *       counts against memory (each about {@code POCO_RUNNER_SESSION_MEMORY_MB}, default 150 MB, within
 *       {@code POCO_RUNNER_MEMORY_BUDGET_MB} and the memory the host has left) and processes (the
 *       host's task limit). Given back by {@link Admission#close()} when the process is gone.</li>
 *   <li>a <b>start</b>: the CLI's start-up, about one CPU-second of work before it answers
 *       {@code initialize}. At most {@code POCO_RUNNER_START_CONCURRENCY} (default: the cores) at
 *       once, so starts do not starve each other of CPU. Given back by {@link Admission#started()}
 *       once the CLI is past its start-up (or by {@code close()}).</li>
 * </ul>
 *
 * <p>How the others use it:
 * <ul>
 *   <li>A claimed run calls {@link #admit}: it waits in line (first come, first served) and is told
 *       where it stands ({@link Waiting}), so its session can say "waiting for a free slot".</li>
 *   <li>A run on a live agent (a warm pool's CLI, or the hot CLI of its session) does not admit: its CLI
 *       runs already. Live agents are bounded by their own settings ({@code POCO_RUNNER_WARM_POOL},
 *       {@code POCO_RUNNER_HOT_SESSIONS_MAX}, {@code POCO_RUNNER_HOT_MIN_FREE_MB}), not by this budget;
 *       {@link #tryAdmit} and {@link Reclaimer} are there for a pool and a hot-session cache that count
 *       in it, which they do not yet.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public interface HostBudget {

    /**
     * Waits its turn for a live session and a start, telling {@code waiting} where it stands while it
     * waits (not at all when admitted at once). Returns empty, having taken nothing, when
     * {@link Waiting#abandoned()} turns true (the run was canceled).
     *
     * @throws InterruptedException when interrupted while waiting; nothing is taken then either
     */
    Optional<Admission> admit(String holder, Waiting waiting) throws InterruptedException;

    /** A live session and a start now, if the budget has both and nobody is waiting; never waits. */
    Optional<Admission> tryAdmit(String holder);

    /** Registers who can free an idle live session when runs wait (a hot-session cache). */
    void addReclaimer(Reclaimer reclaimer);

    /** The budget's figures right now, for logs and the bench. */
    Usage usage();

    /** Told while a caller waits for admission. */
    interface Waiting {

        /**
         * The caller waits: {@code ahead} callers are before it in line (0: it is next), and the one
         * first in line waits for {@code limit}. Called when the caller starts waiting and whenever
         * {@code ahead} changes; must not block for long.
         */
        void waiting(int ahead, Limit limit);

        /** True once the caller no longer wants the slot (the run was canceled); checked about every second. */
        default boolean abandoned() {
            return false;
        }
    }

    /** Frees one idle live session (closing its admission) when runs wait for one. */
    @FunctionalInterface
    interface Reclaimer {

        /** Frees one idle session if it holds one; true if it did. Called without the budget's lock. */
        boolean reclaimOne();
    }

    /** What the first run in line waits for. */
    enum Limit {
        /** As many CLIs are starting as the CPU budget allows ({@code POCO_RUNNER_START_CONCURRENCY}). */
        STARTS("CPU"),
        /** As many live sessions as the memory budget holds ({@code POCO_RUNNER_MEMORY_BUDGET_MB}). */
        SESSIONS("memory"),
        /** The host has less memory available than one more session needs. */
        MEMORY("memory"),
        /** The host is near its process limit. */
        PROCESSES("processes");

        private final String resource;

        Limit(String resource) {
            this.resource = resource;
        }

        /** The resource in a word, for messages: CPU, memory or processes. */
        public String resource() {
            return resource;
        }
    }

    /**
     * @param liveSessions admissions not yet closed
     * @param starting admissions whose CLI is still starting
     * @param waiting callers waiting in line
     * @param maxSessions live sessions the memory budget holds
     * @param maxStarts CLI starts at once
     */
    record Usage(int liveSessions, int starting, int waiting, int maxSessions, int maxStarts) {}
}
