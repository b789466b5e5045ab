package dev.poco.runner.run;

import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.RunnerSettings;
import dev.poco.protocol.permissions.PermissionRules;
import dev.poco.runner.capabilities.StagedCapabilities;
import dev.poco.runner.claude.ClaudeCommand;
import dev.poco.protocol.spec.NetworkPolicy;
import dev.poco.runner.browser.BrowserTools;
import dev.poco.runner.egress.EgressGate;
import dev.poco.runner.egress.NodeBinary;
import dev.poco.runner.gateway.GatewayEndpoint;
import dev.poco.runner.gateway.ModelGateway;
import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxSpec;
import dev.poco.runner.workspace.SessionWorkspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts Claude Code in the run's sandbox: the session workspace at {@code /workspace}, the CLI
 * and the gateway's socket bound read-only (or its TCP port and run key, as the driver needs), the runner's limits plus the run's
 * wall-clock limit. The sandbox is stopped when the run is over, unless the run's live agent keeps
 * it for the session's next run. A run on a live agent uses the agent's sandbox (its wall-clock
 * limit restarted for the run by {@link LiveAgentStage}).
 */
final class StartSandboxStage implements RunStage {

    private static final Logger log = LoggerFactory.getLogger(StartSandboxStage.class);

    private final SandboxDriver sandboxes;

    StartSandboxStage(SandboxDriver sandboxes) {
        this.sandboxes = sandboxes;
    }

    @Override
    public void run(RunContext ctx) {
        if (ctx.sandboxOrNull() != null) {
            return; // the live agent's
        }
        try {
            ctx.sandbox(sandboxes.start(sandboxSpec("run-" + ctx.runId(), ctx.settings(), ctx.workspace(),
                    ctx.gateway(), ctx.capabilities().applyTo(command(ctx.spec(), ctx.settings(),
                            ctx.permissionRules())), ctx.settings().runTimeout(), ctx.capabilities(),
                    ctx.egressOrNull(), browser(ctx), ctx.folders())));
        } catch (RuntimeException e) {
            throw new StageFailure(RunOutcomes.couldNotRunTheAgent(ctx, e), e);
        }
    }

    /** The browser's tools when the run asked for the browser; a run that asked and cannot have it fails, saying why. */
    private static @Nullable BrowserTools browser(RunContext ctx) {
        if (!ctx.spec().browser().enabled()) {
            return null;
        }
        RunnerSettings settings = ctx.settings();
        Path runtime = settings.runtimeDirectory();
        if (runtime == null) {
            throw new IllegalStateException("the run asked for the browser, and this runner has no browser tools");
        }
        if (NodeBinary.locate(settings.nodeBinary()).isEmpty()) {
            throw new IllegalStateException("the browser needs Node.js on the runner's host; install it or set"
                    + " POCO_RUNNER_NODE_BIN");
        }
        return BrowserTools.locate(runtime, settings.chromiumBin()).orElseThrow(() ->
                new IllegalStateException("the run asked for the browser, but " + BrowserTools.missing(runtime,
                        settings.chromiumBin())));
    }

    @Override
    public void finish(RunContext ctx) {
        SandboxHandle handle = ctx.sandboxOrNull();
        if (handle != null && !ctx.keepAlive()) {
            try {
                handle.close();
            } catch (RuntimeException e) {
                log.warn("Closing the sandbox of run {} failed: {}", ctx.runId(), e.getMessage());
            }
        }
    }

    static ClaudeCommand command(RunSpec spec, RunnerSettings settings) {
        return command(spec, settings, PermissionRules.NONE);
    }

    /**
     * The CLI's command line: the run's permission mode, its model or the runner's default, the session to resume,
     * and the user's permission rules as {@code --settings} (the CLI enforces deny and asks for ask rules itself).
     */
    static ClaudeCommand command(RunSpec spec, RunnerSettings settings, PermissionRules rules) {
        ClaudeCommand command = baseCommand(spec, settings);
        Map<String, Object> layered = new java.util.LinkedHashMap<>(rules.isEmpty() ? Map.of() : rules.asSettings());
        if (!(spec.network() instanceof NetworkPolicy.None)) {
            // WebFetch first asks api.anthropic.com whether a domain may be fetched; the run's egress gate is that
            // decision here, and would refuse the preflight itself (it is not on an allowlist).
            layered.put("skipWebFetchPreflight", true);
        }
        return layered.isEmpty() ? command : command.withSettings(layered);
    }

    private static ClaudeCommand baseCommand(RunSpec spec, RunnerSettings settings) {
        String model = spec.model() != null ? spec.model() : settings.defaultModel();
        ClaudeCommand command = ClaudeCommand.of(ClaudeCommand.SANDBOX_BINARY);
        if (!(spec.network() instanceof NetworkPolicy.None)) {
            // WebFetch goes out through the egress gate like any tool; WebSearch runs at the model's API.
            command = command.withDisallowedTools(List.of());
        }
        return command
                .withPermissionMode(spec.permissionMode())
                .withModel(model == null || model.isBlank() ? null : model)
                .withResume(spec.resume() == null ? null : spec.resume().sdkSessionId());
    }

    /**
     * What the runner adds to the CLI's environment: {@link ClaudeCommand#recommendedEnvironment()} and {@code
     * GIT_OPTIONAL_LOCKS=0}, so that the CLI's start-up git probes ({@code git status}) never take the index lock
     * while the run's base snapshot commits beside them (issue 12: the snapshot overlaps the CLI's start).
     */
    static Map<String, String> cliEnvironment() {
        Map<String, String> env = new TreeMap<>(ClaudeCommand.recommendedEnvironment());
        env.put("GIT_OPTIONAL_LOCKS", "0");
        return env;
    }

    /** The CLI's sandbox for a pooled agent ({@code id}): nothing staged. */
    static SandboxSpec sandboxSpec(String id, RunnerSettings settings, SessionWorkspace ws, ModelGateway gateway,
            ClaudeCommand command, Duration wallClock) {
        return sandboxSpec(id, settings, ws, gateway, command, wallClock, StagedCapabilities.NONE, null, null);
    }

    /** {@link #sandboxSpec(String, RunnerSettings, SessionWorkspace, ModelGateway, ClaudeCommand, Duration,
     * StagedCapabilities, EgressGate, BrowserTools, List)} without local folders. */
    static SandboxSpec sandboxSpec(String id, RunnerSettings settings, SessionWorkspace ws, ModelGateway gateway,
            ClaudeCommand command, Duration wallClock, StagedCapabilities capabilities, @Nullable EgressGate egress,
            @Nullable BrowserTools browser) {
        return sandboxSpec(id, settings, ws, gateway, command, wallClock, capabilities, egress, browser, List.of());
    }

    /**
     * The CLI's sandbox for a run or a pooled agent ({@code id}), limited to {@code wallClock}, with the run's staged
     * capabilities bound in (the MCP config file), and with the run's egress gate when it has one: its directory
     * bound at {@link EgressGate#SANDBOX_DIR}, Node.js for the relay, the proxy variables, and the CLI started through
     * the relay. Local folders appear at {@code /mnt/<name>}: a read-only one bound read-only, a read-write one's
     * worktree bound read-write with its repository's {@code .git} read-only at its host path (the worktree's {@code
     * .git} file names that path), and git told the repository is safe to use.
     */
    static SandboxSpec sandboxSpec(String id, RunnerSettings settings, SessionWorkspace ws, ModelGateway gateway,
            ClaudeCommand command, Duration wallClock, StagedCapabilities capabilities, @Nullable EgressGate egress,
            @Nullable BrowserTools browser, List<AttachedFolder> folders) {
        SandboxSpec.Builder spec = SandboxSpec.builder(id)
                .workspace(ws.workspace())
                .home(ws.home())
                .readOnlyBind(settings.claudeBinary(), ClaudeCommand.SANDBOX_BINARY);
        for (AttachedFolder folder : folders) {
            if (folder.worktree() != null) {
                spec.writableBind(folder.host(), folder.folder().sandboxPath());
                spec.readOnlyBind(folder.worktree().commonDir(), folder.worktree().commonDir().toString());
            } else {
                spec.readOnlyBind(folder.host(), folder.folder().sandboxPath());
            }
        }
        spec.env(LocalFoldersStage.gitEnvironment(folders));
        if (gateway.endpoint() instanceof GatewayEndpoint.Unix) {
            spec.readOnlyBind(gateway.runDirectory(), ModelGateway.SANDBOX_DIR);
        }
        boolean relay = egress != null && egress.endpoint() instanceof GatewayEndpoint.Unix;
        String nodePath = ""; // Node.js as the sandbox sees it, for the relay and the browser's MCP server
        if (relay || browser != null) {
            NodeBinary node = NodeBinary.locate(settings.nodeBinary()).orElseThrow(() ->
                    new IllegalStateException("Node.js is missing on the runner's host"));
            if (!node.visibleInSandbox()) {
                spec.readOnlyBind(node.host(), NodeBinary.SANDBOX_PATH);
            }
            nodePath = node.sandboxPath();
        }
        if (browser != null) {
            spec.readOnlyBind(browser.nodeModules(), BrowserTools.SANDBOX_NODE_MODULES);
            if (!browser.chromiumVisibleInSandbox()) {
                spec.readOnlyBind(browser.chromium(), BrowserTools.SANDBOX_CHROMIUM);
            }
            List<String> extra = new java.util.ArrayList<>(command.extraArgs());
            extra.addAll(List.of("--mcp-config", JsonMapper.shared().writeValueAsString(
                    browser.mcpConfig(nodePath, egress))));
            command = command.withExtraArgs(extra);
        }
        List<String> argv = command.argv();
        if (egress != null) {
            if (relay) {
                spec.readOnlyBind(egress.runDirectory(), EgressGate.SANDBOX_DIR);
                argv = egress.sandboxCommand(nodePath, argv);
            }
            spec.env(egress.sandboxEnvironment());
        }
        return capabilities.bindInto(spec).env(cliEnvironment())
                .env(gateway.sandboxEnvironment())
                .command(argv)
                .limits(settings.limits().withWallClockTimeout(wallClock))
                .build();
    }
}
