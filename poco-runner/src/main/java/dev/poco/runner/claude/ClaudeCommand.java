package dev.poco.runner.claude;

import dev.poco.protocol.PermissionMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The argv of one Claude Code run in SDK mode:
 *
 * <pre>
 * claude -p --input-format stream-json --output-format stream-json --verbose --include-partial-messages
 *        --permission-prompt-tool stdio --permission-mode &lt;mode&gt; [--model &lt;model&gt;] [--resume &lt;sdk_session_id&gt;]
 *        --setting-sources user,project --disallowedTools WebFetch,WebSearch [--allowedTools …] [extra args…]
 * </pre>
 *
 * {@code --include-partial-messages} adds the model's raw stream events ({@code stream_event} lines) before each
 * complete message, so the runner can show text as it is generated (issue 16); the complete messages come as before.
 * The prompt is not on the command line: {@link ClaudeCliSession} sends it on stdin. {@code --permission-prompt-tool
 * stdio} is what turns on SDK mode: only then does the CLI offer AskUserQuestion, EnterPlanMode and ExitPlanMode to
 * the model and ask the host ({@code can_use_tool}) instead of refusing. {@code --allowedTools}/
 * {@code --disallowedTools} are variadic in the CLI, so every value here is one comma-joined argument.
 *
 * <h2>Permission modes, as observed with CLI 2.1.197</h2>
 *
 * <ul>
 *   <li>{@code default}: Bash commands that change things (e.g. {@code echo x > f}) and file writes reach
 *       {@code can_use_tool} with {@code permission_suggestions}; read-only Bash ({@code ls}) runs without asking.
 *   <li>{@code plan}, without {@code --allowedTools}: {@code Write}/{@code Edit} reach {@code can_use_tool} with
 *       {@code decision_reason_type: "mode"} and no suggestions; a changing Bash command reaches it as in default
 *       mode; read-only Bash runs without asking. <b>The CLI does not enforce plan mode itself</b>: whatever the
 *       handler allows runs (a Write allowed in plan mode created the file). The plan gate is the host's job, as in
 *       poco's {@code can_use_tool}.
 *   <li>{@code plan} with poco's {@code --allowedTools Skill,Read,Edit,Write,Bash,…}: {@code Write} still reaches
 *       {@code can_use_tool} ({@code decision_reason_type: "mode"}), but <b>Bash does not</b>: a pre-approved
 *       {@code echo x > b.txt} ran in plan mode without any callback. So do not pre-approve Bash for plan-mode runs
 *       if the plan gate must hold.
 *   <li>{@code ExitPlanMode} always reaches {@code can_use_tool} (input {@code {"plan": "…"}}). Allowing it makes the
 *       CLI switch to {@code default} by itself (a {@code system/status} line with {@code permissionMode: default}),
 *       save the plan under {@code ~/.claude/plans/} and answer the model "User has approved your plan…"; later
 *       Writes reach {@code can_use_tool} with a {@code setMode acceptEdits} suggestion (or none, if pre-approved).
 *       Denying it with {@code interrupt} ends the turn: {@code error_during_execution}, terminal reason
 *       {@code aborted_tools}, exit 1.
 *   <li>{@code bypassPermissions}: Write and changing Bash ran without asking; AskUserQuestion still reaches
 *       {@code can_use_tool} (so questions work in every mode). ExitPlanMode outside plan mode fails validation
 *       ("You are not in plan mode") without asking. As root the CLI refuses to start without {@code IS_SANDBOX=1}
 *       (or {@code CLAUDE_CODE_BUBBLEWRAP=1}, or a non-zero uid).
 * </ul>
 *
 * <h2>AskUserQuestion</h2>
 * The model's input is {@code {"questions":[{"question","header","options":[{"label","description"}],
 * "multiSelect"}]}}. Allowing it with {@code updatedInput = {questions, answers: {"<question>": "<answer>"}}} gives
 * the tool_result {@code Your questions have been answered: "<question>"="<answer>". You can now continue…} (without
 * {@code is_error}) and a {@code tool_use_result} of {@code {questions, answers}}. An interrupt while the handler is
 * still deciding makes the CLI send {@code control_cancel_request} for that request first.
 *
 * @param binary path of the CLI as the process will see it ({@link #SANDBOX_BINARY} inside the sandbox)
 * @param permissionMode {@code --permission-mode}
 * @param model {@code --model}, or null for the CLI's default
 * @param resumeSessionId {@code --resume}: a CLI session id from an earlier turn (needs the same HOME and cwd)
 * @param settingSources {@code --setting-sources}; poco uses {@code user,project}
 * @param allowedTools {@code --allowedTools}, pre-approved tools (none by default; see plan-mode caveat above)
 * @param disallowedTools {@code --disallowedTools}, tools removed from the model's list
 * @param extraArgs appended verbatim (e.g. {@code --mcp-config …}, {@code --plugin-dir …})
 */
public record ClaudeCommand(String binary, PermissionMode permissionMode, @Nullable String model,
        @Nullable String resumeSessionId, List<String> settingSources, List<String> allowedTools,
        List<String> disallowedTools, List<String> extraArgs) {

    /** Where the sandbox mounts the CLI binary. */
    private static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String SANDBOX_BINARY = "/opt/claude/bin/claude";
    public static final List<String> DEFAULT_SETTING_SOURCES = List.of("user", "project");
    /** The sandbox has no network; removing these also keeps the model from trying. */
    public static final List<String> DEFAULT_DISALLOWED_TOOLS = List.of("WebFetch", "WebSearch");
    /** poco's executor pre-approved these (see the plan-mode caveat in the class comment before using them). */
    public static final List<String> POCO_ALLOWED_TOOLS =
            List.of("Skill", "Read", "Edit", "Write", "Bash", "TodoWrite", "Grep", "Glob", "Task");

    public ClaudeCommand {
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(permissionMode, "permissionMode");
        settingSources = List.copyOf(settingSources);
        allowedTools = List.copyOf(allowedTools);
        disallowedTools = List.copyOf(disallowedTools);
        extraArgs = List.copyOf(extraArgs);
    }

    /** Defaults: mode {@code default}, CLI's model, no resume, {@code user,project}, WebFetch/WebSearch disallowed. */
    public static ClaudeCommand of(String binary) {
        return new ClaudeCommand(binary, PermissionMode.DEFAULT, null, null, DEFAULT_SETTING_SOURCES, List.of(),
                DEFAULT_DISALLOWED_TOOLS, List.of());
    }

    public ClaudeCommand withPermissionMode(PermissionMode mode) {
        return new ClaudeCommand(binary, mode, model, resumeSessionId, settingSources, allowedTools, disallowedTools,
                extraArgs);
    }

    public ClaudeCommand withModel(@Nullable String newModel) {
        return new ClaudeCommand(binary, permissionMode, newModel, resumeSessionId, settingSources, allowedTools,
                disallowedTools, extraArgs);
    }

    public ClaudeCommand withResume(@Nullable String sessionId) {
        return new ClaudeCommand(binary, permissionMode, model, sessionId, settingSources, allowedTools,
                disallowedTools, extraArgs);
    }

    public ClaudeCommand withAllowedTools(List<String> tools) {
        return new ClaudeCommand(binary, permissionMode, model, resumeSessionId, settingSources, tools,
                disallowedTools, extraArgs);
    }

    public ClaudeCommand withDisallowedTools(List<String> tools) {
        return new ClaudeCommand(binary, permissionMode, model, resumeSessionId, settingSources, allowedTools, tools,
                extraArgs);
    }

    /**
     * Adds {@code --settings <json>}: settings layered over the user and project ones for this process only (Poco
     * stages permission rules this way, so the agent cannot edit them in its own settings files).
     */
    public ClaudeCommand withSettings(Map<String, ?> settings) {
        List<String> more = new ArrayList<>(extraArgs);
        more.addAll(List.of("--settings", JSON.writeValueAsString(settings)));
        return withExtraArgs(more);
    }

    public ClaudeCommand withExtraArgs(List<String> args) {
        return new ClaudeCommand(binary, permissionMode, model, resumeSessionId, settingSources, allowedTools,
                disallowedTools, args);
    }

    // ---- capabilities (issue 11): MCP servers, plugins, structured subagents -----------------------------------

    /**
     * The same command with a run's capabilities appended to {@link #extraArgs}, as CLI 2.1.197 takes them (its
     * {@code --help}): {@code --mcp-config <file>} (servers loaded besides the user's and project's own; the flag is
     * variadic, so the next flag ends its list), one {@code --plugin-dir <dir>} per plugin, and
     * {@code --agents <json>} ({@code {"<name>": {"description", "prompt", "tools"}}}), which replaces the agents
     * poco's SDK sent in {@code initialize}.
     *
     * @param mcpConfig the MCP config file as the CLI sees it, or null for none
     * @param pluginDirs plugin directories as the CLI sees them
     * @param agentsJson the structured subagents, or null for none
     */
    public ClaudeCommand withCapabilities(@Nullable String mcpConfig, List<String> pluginDirs,
            @Nullable String agentsJson) {
        List<String> args = new ArrayList<>(extraArgs);
        if (mcpConfig != null) {
            args.addAll(List.of("--mcp-config", mcpConfig));
        }
        pluginDirs.forEach(dir -> args.addAll(List.of("--plugin-dir", dir)));
        if (agentsJson != null) {
            args.addAll(List.of("--agents", agentsJson));
        }
        return withExtraArgs(args);
    }

    /** The full argv, binary first. */
    public List<String> argv() {
        List<String> argv = new ArrayList<>(List.of(binary, "-p", "--input-format", "stream-json", "--output-format",
                "stream-json", "--verbose", "--include-partial-messages", "--permission-prompt-tool", "stdio",
                "--permission-mode", permissionMode.wire()));
        if (model != null && !model.isBlank()) {
            argv.addAll(List.of("--model", model));
        }
        if (resumeSessionId != null && !resumeSessionId.isBlank()) {
            argv.addAll(List.of("--resume", resumeSessionId));
        }
        if (!settingSources.isEmpty()) {
            argv.addAll(List.of("--setting-sources", String.join(",", settingSources)));
        }
        if (!disallowedTools.isEmpty()) {
            argv.addAll(List.of("--disallowedTools", String.join(",", disallowedTools)));
        }
        if (!allowedTools.isEmpty()) {
            argv.addAll(List.of("--allowedTools", String.join(",", allowedTools)));
        }
        argv.addAll(extraArgs);
        return List.copyOf(argv);
    }

    /**
     * Environment every run should get on top of the model endpoint ({@code ANTHROPIC_BASE_URL} or
     * {@code ANTHROPIC_UNIX_SOCKET}), the API key and a per-agent {@code HOME}:
     *
     * <ul>
     *   <li>{@code DISABLE_TELEMETRY=1}, {@code CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1}: no DNS lookups or
     *       connections besides the model endpoint (verified with strace);
     *   <li>{@code CLAUDE_CODE_ENABLE_TASKS=0}: 2.1.197 otherwise replaces {@code TodoWrite} with
     *       TaskCreate/TaskUpdate/TaskList/TaskGet, and poco's todo tracking reads TodoWrite.
     * </ul>
     *
     * Not included: {@code IS_SANDBOX=1}, needed when the CLI runs as root.
     */
    public static Map<String, String> recommendedEnvironment() {
        return Map.of("DISABLE_TELEMETRY", "1", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1",
                "CLAUDE_CODE_ENABLE_TASKS", "0");
    }
}
