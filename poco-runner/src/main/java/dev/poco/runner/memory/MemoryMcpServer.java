package dev.poco.runner.memory;

import dev.poco.runner.claude.protocol.SdkMcpHandler;
import dev.poco.runner.server.MemoryCall;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.ServerException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * poco's {@code __poco_memory} server (version 1.0.0) with poco's tools: {@code memory_create(text)}, {@code
 * memory_create_conversation(messages)}, {@code memory_list}, {@code memory_search(query)}, {@code
 * memory_get(memory_id)}, {@code memory_update(memory_id, text)}, {@code memory_history(memory_id)}, {@code
 * memory_delete(memory_id)}, {@code memory_delete_all}. Each answers poco's one text block, {@code "<tool>\n<pretty
 * JSON>"}, or {@code "<tool>_error\n<reason>"} flagged {@code isError}.
 *
 * <p>One instance serves a CLI process for its whole life. {@code initialize} and {@code tools/list} are answered at
 * any time (a pooled CLI connects its servers before any run); {@code tools/call} needs the run it serves now
 * ({@link #serve}), and between runs answers that no run is using the agent. {@code memory_create} stores the text as
 * it is (mem0's {@code infer=false}; the agent has already chosen the fact) and answers once it is stored;
 * {@code memory_create_conversation} has the server's model extract facts, as a job.
 */
public final class MemoryMcpServer implements SdkMcpHandler {

    /** The run a tool call acts for. */
    public record Binding(ServerClient server, UUID sessionId) {}

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final String PROTOCOL_VERSION = "2024-11-05";

    private volatile @Nullable Binding binding;

    /** Tool calls act for this run's session from now on. */
    public void serve(Binding run) {
        this.binding = run;
    }

    /** The run is over: tool calls are refused until the next {@link #serve}. */
    public void idle() {
        this.binding = null;
    }

    @Override
    public ObjectNode handle(String serverName, ObjectNode message) {
        if (!MemoryTools.SERVER.equals(serverName)) {
            return SdkMcpHandler.error(message, -32601, "No SDK MCP server named " + serverName);
        }
        String method = message.path("method").asString("");
        return switch (method) {
            case "initialize" -> {
                ObjectNode result = JSON.objectNode().put("protocolVersion", PROTOCOL_VERSION);
                result.putObject("capabilities").putObject("tools");
                result.putObject("serverInfo").put("name", MemoryTools.SERVER).put("version", "1.0.0");
                yield SdkMcpHandler.result(message, result);
            }
            case "tools/list" -> {
                ObjectNode result = JSON.objectNode();
                result.set("tools", tools());
                yield SdkMcpHandler.result(message, result);
            }
            case "tools/call" -> SdkMcpHandler.result(message, call(message.path("params")));
            default -> method.startsWith("notifications/") ? SdkMcpHandler.result(message, null)
                    : SdkMcpHandler.error(message, -32601, "Method '" + method + "' not found");
        };
    }

    private ObjectNode call(JsonNode params) {
        String tool = params.path("name").asString("");
        JsonNode args = params.path("arguments");
        Binding run = binding;
        if (run == null) {
            return text(tool + "_error\nNo run is using this agent", true);
        }
        try {
            MemoryCall call = switch (tool) {
                case "memory_create" -> new MemoryCall.Create(Map.of("messages",
                        List.of(Map.of("role", "user", "content", required(args, "text"))), "infer", false));
                case "memory_create_conversation" -> new MemoryCall.Create(Map.of("messages", messages(args)));
                case "memory_list" -> new MemoryCall.List();
                case "memory_search" -> new MemoryCall.Search(required(args, "query"));
                case "memory_get" -> new MemoryCall.Get(required(args, "memory_id"));
                case "memory_update" -> new MemoryCall.Update(required(args, "memory_id"), required(args, "text"));
                case "memory_history" -> new MemoryCall.History(required(args, "memory_id"));
                case "memory_delete" -> new MemoryCall.Delete(required(args, "memory_id"));
                case "memory_delete_all" -> new MemoryCall.DeleteAll();
                default -> throw new IllegalArgumentException("Unknown tool: " + tool);
            };
            JsonNode data = run.server().memory(run.sessionId(), call);
            return text(tool + "\n" + PRETTY.writeValueAsString(data == null ? JSON.nullNode() : data), false);
        } catch (IllegalArgumentException | ServerException e) {
            return text(tool + "_error\n" + e.getMessage(), true);
        }
    }

    private static String required(JsonNode args, String name) {
        JsonNode value = args.get(name);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new IllegalArgumentException("'" + name + "' is required");
        }
        return value.asString();
    }

    private static List<Map<String, String>> messages(JsonNode args) {
        JsonNode messages = args.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new IllegalArgumentException("'messages' must be a non-empty list of {role, content}");
        }
        return messages.valueStream().map(m -> Map.of("role", m.path("role").asString("user"),
                "content", m.path("content").asString(""))).toList();
    }

    private static ObjectNode text(String text, boolean error) {
        ObjectNode result = JSON.objectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        if (error) {
            result.put("isError", true);
        }
        return result;
    }

    private static ArrayNode tools() {
        ArrayNode tools = JSON.arrayNode();
        tool(tools, "memory_create", "Store one durable fact about the user (a preference, a personal detail, a"
                + " decision) so that later conversations can recall it. Write it as one short sentence.",
                Map.of("text", "The fact to remember"));
        ObjectNode conversation = tool(tools, "memory_create_conversation", "Have the memory service extract"
                + " facts worth keeping from conversation messages (runs in the background).", Map.of());
        ObjectNode message = JSON.objectNode().put("type", "object");
        message.putObject("properties").set("role", JSON.objectNode().put("type", "string"));
        ((ObjectNode) message.get("properties")).set("content", JSON.objectNode().put("type", "string"));
        message.putArray("required").add("role").add("content");
        ObjectNode schema = (ObjectNode) conversation.get("inputSchema");
        ((ObjectNode) schema.get("properties")).putObject("messages").put("type", "array").set("items", message);
        schema.putArray("required").add("messages");
        tool(tools, "memory_list", "List everything remembered about the user.", Map.of());
        tool(tools, "memory_search", "Search the user's memories by words and meaning; search before asking the"
                + " user something they may have told you before.", Map.of("query", "What to look for"));
        tool(tools, "memory_get", "Read one memory by its id.", Map.of("memory_id", "The memory's id"));
        tool(tools, "memory_update", "Replace the text of one memory.",
                Map.of("memory_id", "The memory's id", "text", "The new text"));
        tool(tools, "memory_history", "The changes of one memory.", Map.of("memory_id", "The memory's id"));
        tool(tools, "memory_delete", "Forget one memory.", Map.of("memory_id", "The memory's id"));
        tool(tools, "memory_delete_all", "Forget everything remembered about the user.", Map.of());
        return tools;
    }

    private static ObjectNode tool(ArrayNode tools, String name, String description, Map<String, String> params) {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        params.keySet().stream().sorted().forEach(p -> {
            properties.putObject(p).put("type", "string").put("description", params.get(p));
            required.add(p);
        });
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        ObjectNode tool = tools.addObject().put("name", name).put("description", description);
        tool.set("inputSchema", schema);
        return tool;
    }
}
