package dev.poco.runner.admission;

/**
 * The host budget's figures, resolved.
 *
 * @param maxStarts CLI starts at once ({@code POCO_RUNNER_START_CONCURRENCY}; default the cores: a
 *     start costs about one CPU-second)
 * @param memoryBudgetMb memory all live sessions may use together ({@code POCO_RUNNER_MEMORY_BUDGET_MB};
 *     default 80% of the host's or cgroup's memory)
 * @param sessionMemoryMb what one live session is counted as ({@code POCO_RUNNER_SESSION_MEMORY_MB},
 *     default 150: a CLI and its sandbox measured about 120 MB PSS); also the memory the host must still
 *     have available for one more to start
 * @param sessionTasks tasks (processes and threads) one live session is counted as: one more starts
 *     only while the host is this far below its task limit
 */
public record AdmissionSettings(int maxStarts, long memoryBudgetMb, long sessionMemoryMb, int sessionTasks) {

    /** What a session is counted as by default. */
    public static final long DEFAULT_SESSION_MEMORY_MB = 150;
    /** A CLI (node: about a dozen threads), bubblewrap and the tools it runs. */
    public static final int DEFAULT_SESSION_TASKS = 64;

    public AdmissionSettings {
        if (maxStarts < 1 || memoryBudgetMb < 1 || sessionMemoryMb < 1 || sessionTasks < 0) {
            throw new IllegalArgumentException("admission budget figures must be positive: " + maxStarts + " starts, "
                    + memoryBudgetMb + " MB, " + sessionMemoryMb + " MB per session, " + sessionTasks + " tasks");
        }
    }

    /**
     * The budget from the configured figures, 0 meaning "the default for this host": starts as many as
     * the cores, memory 80% of what the host (or the runner's cgroup) has.
     */
    public static AdmissionSettings forHost(int startConcurrency, long memoryBudgetMb, long sessionMemoryMb,
            HostResources host) {
        int starts = startConcurrency > 0 ? startConcurrency : Runtime.getRuntime().availableProcessors();
        long budget = memoryBudgetMb > 0 ? memoryBudgetMb : Math.max(1, host.totalMemoryMb() * 4 / 5);
        long perSession = sessionMemoryMb > 0 ? sessionMemoryMb : DEFAULT_SESSION_MEMORY_MB;
        return new AdmissionSettings(starts, budget, perSession, DEFAULT_SESSION_TASKS);
    }

    /** Live sessions the memory budget holds (at least one, so a tiny budget still runs one at a time). */
    public int maxSessions() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, memoryBudgetMb / sessionMemoryMb));
    }
}
