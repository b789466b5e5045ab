package dev.poco.runner.memory;

import dev.poco.runner.claude.ClaudeCommand;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** What a run with memory adds to the CLI's command line: the sdk server in its MCP config, its tools pre-approved. */
public final class MemoryTools {

    /** poco's name, so the tools are {@code mcp____poco_memory__memory_*} as poco's UI and prompts know them. */
    public static final String SERVER = "__poco_memory";
    /** The CLI's permission rule for every tool of the server. */
    public static final String ALLOW_ALL = "mcp__" + SERVER;
    /** The prefix of the tools' names as the model sees them. */
    public static final String TOOL_PREFIX = "mcp__" + SERVER + "__";

    private MemoryTools() {}

    /**
     * {@code command} with {@code --mcp-config {"mcpServers":{"__poco_memory":{"type":"sdk","name":…}}}} and the
     * server's tools in {@code --allowedTools}: they only read and write the user's own memories, so they never ask
     * (poco's executor answered them {@code allow} in its permission callback, which plan mode's gate then refused).
     */
    public static ClaudeCommand apply(ClaudeCommand command) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.putObject("mcpServers").putObject(SERVER).put("type", "sdk").put("name", SERVER);
        List<String> extra = new ArrayList<>(command.extraArgs());
        extra.addAll(List.of("--mcp-config", JsonMapper.shared().writeValueAsString(config)));
        List<String> allowed = new ArrayList<>(command.allowedTools());
        allowed.add(ALLOW_ALL);
        return command.withAllowedTools(allowed).withExtraArgs(extra);
    }
}
