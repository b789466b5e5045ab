package dev.poco.protocol.permissions;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One permission rule in Claude Code's syntax: a tool name, optionally with a specifier in
 * parentheses.
 *
 * <ul>
 *   <li>{@code Bash} (every command), {@code Bash(npm test)} (exactly that command), {@code Bash(npm run test:*)}
 *       (commands starting with {@code npm run test}), {@code Bash(git * main)} ({@code *} matches anything);</li>
 *   <li>{@code Read(./.env)}, {@code Edit(src/**)}, {@code Edit(//etc/hosts)}: gitignore-style paths, relative to the
 *       workspace, {@code //} for an absolute path; an {@code Edit} rule covers every tool that edits files;</li>
 *   <li>{@code WebFetch(domain:example.com)}; {@code Task(reviewer)}; {@code Skill(pdf)};</li>
 *   <li>{@code mcp__github} (every tool of a server), {@code mcp__github__*}, {@code mcp__github__create_issue}.</li>
 * </ul>
 *
 * {@link #parse} refuses what Claude Code would silently never match — an unknown tool, a specifier on a tool that
 * takes none, {@code :*} in the middle of a command, an empty {@code ()} — with a message that says how to write it.
 * {@link #matches} is the runner's reading of the same syntax, used only to honour "always allow" answers: Claude
 * Code itself enforces the staged rules. It is deliberately narrower than the CLI where a loose match would be
 * unsafe: a command with shell operators ({@code ;}, {@code &&}, {@code |}, {@code $(…)}, backquotes, newlines) only
 * matches a rule that names it exactly.
 *
 * @param tool the tool name ({@code Bash}, {@code mcp__github__create_issue}, ...)
 * @param specifier what is inside the parentheses, or null for the whole tool
 */
public record ToolRule(String tool, @Nullable String specifier) {

    /** Tools of the pinned CLI (2.1.197's init line) plus the older names rules commonly use. */
    public static final Set<String> KNOWN_TOOLS = Set.copyOf(new TreeSet<>(Set.of("Agent", "AskUserQuestion", "Bash",
            "BashOutput", "CronCreate", "CronDelete", "CronList", "Edit", "EnterPlanMode", "EnterWorktree",
            "ExitPlanMode", "ExitWorktree", "Glob", "Grep", "KillShell", "LS", "MultiEdit", "NotebookEdit",
            "NotebookRead", "Read", "ReportFindings", "ScheduleWakeup", "SendMessage", "Skill", "Task", "TaskOutput",
            "TaskStop", "TodoWrite", "WebFetch", "WebSearch", "Workflow", "Write")));
    private static final Set<String> PATH_TOOLS = Set.of("Read", "Edit", "Write", "MultiEdit", "NotebookEdit",
            "NotebookRead", "Glob", "Grep", "LS");
    private static final Set<String> EDIT_TOOLS = Set.of("Edit", "Write", "MultiEdit", "NotebookEdit");
    private static final Set<String> WITH_SPECIFIER = Set.of("Bash", "WebFetch", "Task", "Agent", "Skill");
    private static final Pattern MCP = Pattern.compile("mcp__[A-Za-z0-9_-]+?(__([A-Za-z0-9_-]+|\\*))?");
    private static final Pattern SHELL_OPERATORS = Pattern.compile("[;&|`\\n]|\\$\\(|>|<");
    private static final int MAX_LENGTH = 1000;

    /** The rule, or {@link InvalidRuleException} saying what is wrong and how to write it. */
    public static ToolRule parse(String text) {
        String rule = text == null ? "" : text.strip();
        if (rule.isEmpty()) {
            throw new InvalidRuleException("A rule cannot be empty: write a tool name such as Bash, or Bash(npm test)");
        }
        if (rule.length() > MAX_LENGTH) {
            throw new InvalidRuleException("A rule can be at most " + MAX_LENGTH + " characters");
        }
        int open = rule.indexOf('(');
        String tool = open < 0 ? rule : rule.substring(0, open).strip();
        String specifier = null;
        if (open >= 0) {
            if (!rule.endsWith(")")) {
                throw new InvalidRuleException("'" + rule + "' opens a '(' that does not close at the end: write "
                        + tool + "(…)");
            }
            specifier = rule.substring(open + 1, rule.length() - 1).strip();
        } else if (rule.contains(")")) {
            throw new InvalidRuleException("'" + rule + "' has a ')' without '('");
        }
        if (tool.startsWith("mcp__")) {
            if (specifier != null) {
                throw new InvalidRuleException("MCP rules take no (…): write mcp__<server> or mcp__<server>__<tool>");
            }
            if (!MCP.matcher(tool).matches()) {
                throw new InvalidRuleException("'" + tool + "' is not an MCP tool name: write mcp__<server> or"
                        + " mcp__<server>__<tool> (letters, digits, '-' and '_')");
            }
            return new ToolRule(tool, null);
        }
        if (!KNOWN_TOOLS.contains(tool)) {
            throw new InvalidRuleException("Unknown tool '" + tool + "': no tool call can ever match this rule. Tools"
                    + " are case-sensitive; known tools: " + String.join(", ", new TreeSet<>(KNOWN_TOOLS))
                    + ", or mcp__<server>__<tool>");
        }
        if (specifier == null) {
            return new ToolRule(tool, null);
        }
        if (specifier.isEmpty()) {
            throw new InvalidRuleException("'" + rule + "' has an empty (): write " + tool + " for every call, or "
                    + tool + "(…) for some");
        }
        if (!PATH_TOOLS.contains(tool) && !WITH_SPECIFIER.contains(tool)) {
            throw new InvalidRuleException(tool + " takes no (…) specifier, so '" + rule + "' would never match:"
                    + " write " + tool);
        }
        if (tool.equals("Bash")) {
            int prefix = specifier.indexOf(":*");
            if (prefix >= 0 && prefix != specifier.length() - 2) {
                throw new InvalidRuleException("':*' only works at the end of a Bash rule (a prefix match), as in"
                        + " Bash(npm run test:*); '" + rule + "' would never match");
            }
            if (specifier.equals(":*")) {
                throw new InvalidRuleException("Bash(:*) has no prefix: write Bash for every command");
            }
        }
        if (tool.equals("WebFetch") && !specifier.matches("domain:[A-Za-z0-9*.-]+")) {
            throw new InvalidRuleException("WebFetch rules name a domain, as in WebFetch(domain:example.com); '"
                    + rule + "' would never match");
        }
        return new ToolRule(tool, specifier);
    }

    /** The rule, or null when it does not parse (rules are validated when saved; this is for reading them back). */
    public static @Nullable ToolRule tryParse(String text) {
        try {
            return parse(text);
        } catch (InvalidRuleException e) {
            return null;
        }
    }

    /**
     * The narrowest rule that allows exactly this call again: the command for Bash, the file for file tools, the
     * domain for WebFetch, the tool itself otherwise. What "always allow" saves.
     */
    public static String exactly(String toolName, Map<String, ?> input) {
        if (toolName.equals("Bash") && input.get("command") instanceof String command && !command.isBlank()) {
            return "Bash(" + command.strip() + ")";
        }
        String path = path(input);
        if (PATH_TOOLS.contains(toolName) && path != null && path.startsWith("/")) {
            return toolName + "(/" + path + ")";
        }
        if (toolName.equals("WebFetch") && input.get("url") instanceof String url) {
            String host = host(url);
            if (host != null) {
                return "WebFetch(domain:" + host + ")";
            }
        }
        return toolName;
    }

    /** Whether this rule covers a call of {@code toolName} with {@code input} (see the class comment for the limits). */
    public boolean matches(String toolName, Map<String, ?> input) {
        if (tool.startsWith("mcp__")) {
            return toolName.equals(tool) || tool.endsWith("__*") && toolName.startsWith(tool.substring(0,
                    tool.length() - 1)) || !tool.substring(5).contains("__") && toolName.startsWith(tool + "__");
        }
        if (!sameTool(toolName)) {
            return false;
        }
        String spec = specifier;
        if (spec == null) {
            return true;
        }
        if (tool.equals("Bash")) {
            return input.get("command") instanceof String command && bashMatches(spec, command.strip());
        }
        if (PATH_TOOLS.contains(tool)) {
            String path = path(input);
            return path != null && pathMatches(spec, path);
        }
        if (tool.equals("WebFetch")) {
            String host = input.get("url") instanceof String url ? host(url) : null;
            String domain = spec.substring("domain:".length()).toLowerCase(Locale.ROOT);
            return host != null && (host.equals(domain)
                    || domain.startsWith("*.") && host.endsWith(domain.substring(1)));
        }
        if (tool.equals("Task") || tool.equals("Agent")) {
            return spec.equals(input.get("subagent_type"));
        }
        return spec.equals(input.get("skill")) || spec.equals(input.get("command"));
    }

    @Override
    public String toString() {
        return specifier == null ? tool : tool + "(" + specifier + ")";
    }

    private boolean sameTool(String toolName) {
        if (tool.equals(toolName)) {
            return true;
        }
        if (tool.equals("Edit")) {
            return EDIT_TOOLS.contains(toolName);
        }
        return (tool.equals("Task") && toolName.equals("Agent")) || (tool.equals("Agent") && toolName.equals("Task"));
    }

    private static boolean bashMatches(String spec, String command) {
        if (spec.equals(command)) {
            return true;
        }
        if (SHELL_OPERATORS.matcher(command).find()) {
            return false; // only an exact rule may approve a compound command
        }
        if (spec.endsWith(":*")) {
            String prefix = spec.substring(0, spec.length() - 2).strip();
            return command.equals(prefix) || command.startsWith(prefix + " ");
        }
        if (spec.contains("*")) {
            StringBuilder regex = new StringBuilder();
            for (String part : spec.split("\\*", -1)) {
                if (!regex.isEmpty()) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(part));
            }
            return command.matches(regex.toString());
        }
        return false;
    }

    /**
     * gitignore-flavoured: {@code //x} is the absolute path {@code /x}; {@code /x}, {@code ./x} and {@code x} are
     * under the workspace (matched against the path's tail, since the runner does not see the sandbox's cwd here);
     * {@code ~} is never matched (the sandbox's home is not the user's).
     */
    private static boolean pathMatches(String spec, String path) {
        if (spec.startsWith("~")) {
            return false;
        }
        String normalized = Path.of(path).normalize().toString();
        String pattern;
        if (spec.startsWith("//")) {
            pattern = spec.substring(1);
        } else {
            String relative = spec.startsWith("./") ? spec.substring(2) : spec.startsWith("/") ? spec.substring(1)
                    : spec;
            pattern = "{" + relative + ",**/" + relative + "}";
        }
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(Path.of(normalized));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static @Nullable String path(Map<String, ?> input) {
        for (String key : new String[] {"file_path", "notebook_path", "path"}) {
            if (input.get(key) instanceof String value && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static @Nullable String host(String url) {
        try {
            String host = URI.create(url.strip()).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
