package dev.poco.runner.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Runner settings ({@code POCO_RUNNER_*}, e.g. {@code POCO_RUNNER_MAX_CONCURRENT_RUNS}).
 *
 * @param enabled whether this process runs a runner (off with {@code POCO_ROLE=server})
 * @param serverUrl the server to work for ({@code POCO_SERVER_URL}); empty when embedded
 * @param workerId name shown as {@code claimed_by}; default host name and process id
 * @param maxConcurrentRuns runs this runner holds at once (claimed, waiting for admission or running); the host
 *     budget (start concurrency, memory, processes) decides how many of them run
 * @param leaseSeconds claim lease asked for; renewed by heartbeats
 * @param scheduleModes schedule modes to take; empty for all
 * @param workspacesRoot where session workspaces live; default {@code $POCO_HOME/workspaces}
 * @param claudeBin the Claude Code binary ({@code POCO_CLAUDE_BIN}); default the pinned install under
 *     {@code $POCO_HOME/runtime}
 * @param maxProcesses processes and threads of one sandbox (cgroup pids.max, RLIMIT_NPROC); reaching it ends the run
 * @param memoryMb memory of one sandbox (cgroup memory limit, no swap; else a watchdog); an OOM kill ends the run
 * @param diskLimitMb size of a session's workspace; a run that grows it past this is stopped, the files kept
 * @param requireLimits refuse to start when this host cannot enforce one of the sandbox limits
 * @param maxCliLineMb largest message (one stream-json line) the CLI may write ({@code POCO_RUNNER_MAX_CLI_LINE_MB});
 *     a larger one fails the run with a message naming this limit
 * @param sandboxUidRange host uids sandboxes run as when the runner is root, one per workspace in use ({@code
 *     POCO_RUNNER_SANDBOX_UID_RANGE}, {@code FIRST-LAST}); ignored when the runner is not root
 * @param startConcurrency Claude Code CLIs starting at once ({@code POCO_RUNNER_START_CONCURRENCY}); 0 (default): the
 *     cores, as a start costs about one CPU-second. Runs beyond it wait for a free slot
 * @param memoryBudgetMb memory all live CLI sessions may use together ({@code POCO_RUNNER_MEMORY_BUDGET_MB}); 0
 *     (default): 80% of the host's (or the runner's cgroup's) memory. Runs beyond it wait for a free slot
 * @param sessionMemoryMb what one live CLI session is counted as ({@code POCO_RUNNER_SESSION_MEMORY_MB}); a session
 *     also starts only while the host has this much memory available
 * @param hotSessionsMax CLIs kept alive after a completed run for the session's follow-up ({@code
 *     POCO_RUNNER_HOT_SESSIONS_MAX}); 0 turns hot follow-ups off
 * @param hotIdleSeconds how long a kept CLI waits for its session's next message ({@code POCO_RUNNER_HOT_IDLE_SECONDS})
 * @param hotMinFreeMb no CLI is kept, and kept ones are closed, while the host has less memory available ({@code
 *     POCO_RUNNER_HOT_MIN_FREE_MB})
 * @param warmPool CLIs started ahead for new sessions ({@code POCO_RUNNER_WARM_POOL}); default one per core, at most
 *     4; 0 turns the pool off
 * @param warmIdleSeconds how long a pooled CLI waits before it is recycled ({@code POCO_RUNNER_WARM_IDLE_SECONDS})
 * @param nodeBin Node.js, which runs the egress relay inside sandboxes with network ({@code POCO_RUNNER_NODE_BIN});
 *     default {@code node} on the {@code PATH}
 * @param egressMaxConnections connections one run may open through its egress gate ({@code
 *     POCO_RUNNER_EGRESS_MAX_CONNECTIONS})
 * @param egressMaxMb megabytes one run may move through its egress gate, both ways ({@code POCO_RUNNER_EGRESS_MAX_MB})
 * @param githubUrl where repositories of {@code https://github.com/…} are cloned from ({@code POCO_RUNNER_GITHUB_URL}): a
 *     GitHub mirror, or a local test server
 * @param chromiumBin the Chromium that runs the agent's browser ({@code POCO_RUNNER_CHROMIUM_BIN}); default {@code
 *     chromium} on the {@code PATH}
 * @param localFolders host directories runs may attach ({@code POCO_LOCAL_FOLDERS}, which {@code application.yml}
 *     maps here; comma-separated absolute paths; empty: none)
 */
@Validated
@ConfigurationProperties("poco.runner")
public record RunnerProperties(
        @DefaultValue("true") boolean enabled,
        @Nullable String serverUrl,
        @Nullable String workerId,
        @DefaultValue("16") @Min(1) int maxConcurrentRuns,
        @DefaultValue("120") @Min(5) int leaseSeconds,
        @DefaultValue("5") @Min(1) int heartbeatIntervalSeconds,
        @DefaultValue("25") @Min(0) int claimWaitSeconds,
        @Nullable List<String> scheduleModes,
        @Nullable Path workspacesRoot,
        @Nullable Path claudeBin,
        @DefaultValue("60") @Min(1) int runTimeoutMinutes,
        @DefaultValue("5") @Min(0) int cancelGraceSeconds,
        @DefaultValue("60") @Min(1) int questionTimeoutSeconds,
        @DefaultValue("600") @Min(1) int planTimeoutSeconds,
        @DefaultValue("1024") @Min(16) int maxProcesses,
        @DefaultValue("4096") @Min(1) long maxFileSizeMb,
        @DefaultValue("4096") @Min(64) int maxOpenFiles,
        @DefaultValue("4096") @Min(64) long memoryMb,
        @DefaultValue("10240") @Min(1) long diskLimitMb,
        @DefaultValue("false") boolean requireLimits,
        @DefaultValue("30") @Min(0) int shutdownGraceSeconds,
        @DefaultValue("600") @Min(1) int callbackRetrySeconds,
        @DefaultValue("64") @Min(1) @Max(2047) int maxCliLineMb,
        @DefaultValue("61000-61999") String sandboxUidRange,
        @DefaultValue("0") @Min(0) int startConcurrency,
        @DefaultValue("0") @Min(0) long memoryBudgetMb,
        @DefaultValue("150") @Min(1) long sessionMemoryMb,
        @DefaultValue("16") @Min(0) int hotSessionsMax,
        @DefaultValue("600") @Min(1) int hotIdleSeconds,
        @DefaultValue("1024") @Min(0) long hotMinFreeMb,
        @Nullable @Min(0) Integer warmPool,
        @DefaultValue("900") @Min(10) int warmIdleSeconds,
        @Nullable Path nodeBin,
        @DefaultValue("2000") @Min(1) int egressMaxConnections,
        @DefaultValue("2048") @Min(1) long egressMaxMb,
        @DefaultValue("https://github.com") URI githubUrl,
        @Nullable Path chromiumBin,
        @Nullable List<String> localFolders) {}
