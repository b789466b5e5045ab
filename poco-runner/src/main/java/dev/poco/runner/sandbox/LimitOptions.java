package dev.poco.runner.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link BubblewrapSandboxDriver} enforces {@link SandboxLimits}.
 *
 * @param requireLimits refuse to start ({@link SandboxUnavailableException}) when a limit cannot be enforced on this
 *     host, instead of warning once ({@code POCO_RUNNER_REQUIRE_LIMITS})
 * @param useCgroups use cgroup v2 or v1 controllers where the host allows it; {@code false} leaves rlimits and the
 *     watchdog (memory from /proc, workspace size)
 * @param procRoot where the host's {@code /proc} is (its {@code self/mountinfo} and {@code self/cgroup} locate the
 *     cgroup v1 hierarchies)
 * @param watchdogInterval how often each sandbox's limits are checked (cgroup event counters, task count, memory
 *     without a cgroup); the workspace is measured every second check, or less often when measuring it takes long
 */
public record LimitOptions(boolean requireLimits, boolean useCgroups, Path procRoot, Duration watchdogInterval) {

    public LimitOptions {
        Objects.requireNonNull(procRoot, "procRoot");
        Objects.requireNonNull(watchdogInterval, "watchdogInterval");
        if (watchdogInterval.isNegative() || watchdogInterval.isZero()) {
            throw new IllegalArgumentException("watchdogInterval must be positive: " + watchdogInterval);
        }
    }

    /** Warn about missing limits, use cgroups where possible, check every second. */
    public static LimitOptions defaults() {
        return new LimitOptions(false, true, Path.of("/proc"), Duration.ofSeconds(1));
    }

    public LimitOptions withRequireLimits(boolean require) {
        return new LimitOptions(require, useCgroups, procRoot, watchdogInterval);
    }

    public LimitOptions withUseCgroups(boolean use) {
        return new LimitOptions(requireLimits, use, procRoot, watchdogInterval);
    }

    public LimitOptions withWatchdogInterval(Duration interval) {
        return new LimitOptions(requireLimits, useCgroups, procRoot, interval);
    }
}
