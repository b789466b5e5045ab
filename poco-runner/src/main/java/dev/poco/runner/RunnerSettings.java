package dev.poco.runner;

import dev.poco.protocol.folders.LocalFolderRoots;
import dev.poco.runner.egress.EgressLimits;
import dev.poco.runner.gateway.UpstreamCredential;
import dev.poco.runner.sandbox.SandboxLimits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything a runner needs to know, resolved (defaults applied, paths absolute). Built by the
 * Spring configuration from {@code poco.runner.*} and the Anthropic variables.
 *
 * @param workerId how this runner names itself to the server (claimed_by)
 * @param maxConcurrentRuns runs executed at once; claims stop while all slots are busy
 * @param leaseSeconds claim lease requested; heartbeats renew it until the run starts
 * @param claimWaitSeconds server-side long-poll of one claim
 * @param scheduleModes schedule modes this runner takes; null for all
 * @param gatewayDir parent of the per-run model-gateway socket directories
 * @param claudeBinary the Claude Code CLI on this host, bound read-only into every sandbox
 * @param modelBaseUrl where the gateway forwards Messages API calls ({@code ANTHROPIC_BASE_URL})
 * @param credential the key or token the gateway adds; null when none is configured (runs then fail
 *     with a message saying what to set)
 * @param defaultModel model of runs that do not pick one; blank lets the CLI choose
 * @param runTimeout wall-clock limit of one run
 * @param cancelGrace time between interrupting the CLI and killing its sandbox
 * @param maxCliLineBytes cap on one stream-json line of the CLI (one message)
 * @param nodeBinary Node.js on this host, which runs the egress relay in sandboxes with network; null looks
 *     {@code node} up on the runner's {@code PATH} when a run first needs it
 * @param egressLimits what one run may use through its egress gate
 * @param githubUrl where the runner clones {@code https://github.com/…} repositories from
 * @param runtimeDirectory where {@code ./poco} installed Claude Code and the browser's MCP server; null: none
 * @param chromiumBin the Chromium of browser runs; null looks for one on the {@code PATH}
 * @param localFolders the host directories runs may attach ({@code POCO_LOCAL_FOLDERS} on this runner's host); the
 *     runner checks every folder of a run against these, whatever the server allowed
 */
public record RunnerSettings(
        String workerId,
        int maxConcurrentRuns,
        int leaseSeconds,
        Duration heartbeatInterval,
        int claimWaitSeconds,
        @Nullable List<String> scheduleModes,
        Path workspacesRoot,
        Path gatewayDir,
        Path claudeBinary,
        URI modelBaseUrl,
        @Nullable UpstreamCredential credential,
        String defaultModel,
        Duration runTimeout,
        Duration cancelGrace,
        Duration questionTimeout,
        Duration planTimeout,
        SandboxLimits limits,
        Duration callbackRetryFor,
        Duration shutdownGrace,
        int maxCliLineBytes,
        @Nullable Path nodeBinary,
        EgressLimits egressLimits,
        URI githubUrl,
        @Nullable Path runtimeDirectory,
        @Nullable Path chromiumBin,
        LocalFolderRoots localFolders) {

    /** Settings without local folders. */
    public RunnerSettings(String workerId, int maxConcurrentRuns, int leaseSeconds, Duration heartbeatInterval,
            int claimWaitSeconds, @Nullable List<String> scheduleModes, Path workspacesRoot, Path gatewayDir,
            Path claudeBinary, URI modelBaseUrl, @Nullable UpstreamCredential credential, String defaultModel,
            Duration runTimeout, Duration cancelGrace, Duration questionTimeout, Duration planTimeout,
            SandboxLimits limits, Duration callbackRetryFor, Duration shutdownGrace, int maxCliLineBytes,
            @Nullable Path nodeBinary, EgressLimits egressLimits, URI githubUrl, @Nullable Path runtimeDirectory,
            @Nullable Path chromiumBin) {
        this(workerId, maxConcurrentRuns, leaseSeconds, heartbeatInterval, claimWaitSeconds, scheduleModes,
                workspacesRoot, gatewayDir, claudeBinary, modelBaseUrl, credential, defaultModel, runTimeout,
                cancelGrace, questionTimeout, planTimeout, limits, callbackRetryFor, shutdownGrace, maxCliLineBytes,
                nodeBinary, egressLimits, githubUrl, runtimeDirectory, chromiumBin, LocalFolderRoots.NONE);
    }

    /** These settings with {@code roots} as the local folders runs may attach. */
    public RunnerSettings withLocalFolders(LocalFolderRoots roots) {
        return new RunnerSettings(workerId, maxConcurrentRuns, leaseSeconds, heartbeatInterval, claimWaitSeconds,
                scheduleModes, workspacesRoot, gatewayDir, claudeBinary, modelBaseUrl, credential, defaultModel,
                runTimeout, cancelGrace, questionTimeout, planTimeout, limits, callbackRetryFor, shutdownGrace,
                maxCliLineBytes, nodeBinary, egressLimits, githubUrl, runtimeDirectory, chromiumBin, roots);
    }

    /** These settings with the browser's tools looked for in {@code runtime} and Chromium at {@code chromium}. */
    public RunnerSettings withBrowser(Path runtime, @Nullable Path chromium) {
        return new RunnerSettings(workerId, maxConcurrentRuns, leaseSeconds, heartbeatInterval, claimWaitSeconds,
                scheduleModes, workspacesRoot, gatewayDir, claudeBinary, modelBaseUrl, credential, defaultModel,
                runTimeout, cancelGrace, questionTimeout, planTimeout, limits, callbackRetryFor, shutdownGrace,
                maxCliLineBytes, nodeBinary, egressLimits, githubUrl, runtime, chromium, localFolders);
    }

    /** Where GitHub is, unless {@code POCO_RUNNER_GITHUB_URL} says otherwise. */
    public static final URI GITHUB = URI.create("https://github.com");

    /** Settings with Node.js looked up on the {@code PATH} and the default egress limits. */
    public RunnerSettings(String workerId, int maxConcurrentRuns, int leaseSeconds, Duration heartbeatInterval,
            int claimWaitSeconds, @Nullable List<String> scheduleModes, Path workspacesRoot, Path gatewayDir,
            Path claudeBinary, URI modelBaseUrl, @Nullable UpstreamCredential credential, String defaultModel,
            Duration runTimeout, Duration cancelGrace, Duration questionTimeout, Duration planTimeout,
            SandboxLimits limits, Duration callbackRetryFor, Duration shutdownGrace, int maxCliLineBytes) {
        this(workerId, maxConcurrentRuns, leaseSeconds, heartbeatInterval, claimWaitSeconds, scheduleModes,
                workspacesRoot, gatewayDir, claudeBinary, modelBaseUrl, credential, defaultModel, runTimeout,
                cancelGrace, questionTimeout, planTimeout, limits, callbackRetryFor, shutdownGrace, maxCliLineBytes,
                null, EgressLimits.DEFAULTS, GITHUB, null, null);
    }
}
