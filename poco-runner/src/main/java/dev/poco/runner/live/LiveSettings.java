package dev.poco.runner.live;

import java.time.Duration;
import java.util.Objects;

/**
 * How many live agents a runner keeps, and for how long.
 *
 * @param hotSessionsMax hot agents kept after their run completed ({@code POCO_RUNNER_HOT_SESSIONS_MAX}); the least
 *     recently used goes first; 0 turns hot follow-ups off
 * @param hotIdle how long a hot agent waits for its session's next run before it is closed ({@code
 *     POCO_RUNNER_HOT_IDLE_SECONDS})
 * @param minFreeMemoryMb a run's agent is not kept, and older hot agents are closed, while the host has less memory
 *     available than this ({@code MemAvailable}; {@code POCO_RUNNER_HOT_MIN_FREE_MB})
 * @param warmPool agents started ahead for new sessions ({@code POCO_RUNNER_WARM_POOL}); 0 turns the pool off
 * @param warmIdle how long a pooled agent waits before it is recycled (closed and started again)
 */
public record LiveSettings(int hotSessionsMax, Duration hotIdle, long minFreeMemoryMb, int warmPool,
        Duration warmIdle) {

    /** Nothing kept: every run starts its CLI and ends it, as before live agents. */
    public static final LiveSettings OFF = new LiveSettings(0, Duration.ofMinutes(1), 0, 0, Duration.ofMinutes(1));

    public LiveSettings {
        Objects.requireNonNull(hotIdle, "hotIdle");
        Objects.requireNonNull(warmIdle, "warmIdle");
        if (hotSessionsMax < 0 || warmPool < 0 || minFreeMemoryMb < 0) {
            throw new IllegalArgumentException("live agent counts and memory must not be negative");
        }
    }

    /** The pool size when none is configured: one per core, at most 4. */
    public static int defaultWarmPool() {
        return Math.min(Runtime.getRuntime().availableProcessors(), 4);
    }

    public boolean hotEnabled() {
        return hotSessionsMax > 0;
    }

    public boolean warmEnabled() {
        return warmPool > 0;
    }
}
