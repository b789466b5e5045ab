package dev.poco.runner.claude.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves the CLI's in-process ("sdk") MCP servers: the CLI is given {@code {"type":"sdk","name":…}} in {@code
 * --mcp-config} and sends each JSON-RPC message for such a server as a {@code control_request} of subtype {@code
 * mcp_message} ({@code server_name}, {@code message}); the answer goes back as {@code {"mcp_response": …}}, the
 * Agent SDK's protocol. Nothing of the server runs in the sandbox.
 *
 * <p>Threading: as {@link ToolPermissionHandler}, each call on its own virtual thread; calls can overlap; a
 * withdrawn request interrupts its thread.
 */
@FunctionalInterface
public interface SdkMcpHandler {

    /**
     * @param serverName the {@code name} of the sdk server in the MCP config
     * @param message a JSON-RPC request or notification
     * @return the JSON-RPC response; for a notification, an empty result
     */
    ObjectNode handle(String serverName, ObjectNode message) throws InterruptedException;

    /** Knows no server: every request gets JSON-RPC's "method not found". */
    SdkMcpHandler NONE = (server, message) -> error(message, -32601, "No SDK MCP server named " + server);

    /** A JSON-RPC error response to {@code request}. */
    static ObjectNode error(ObjectNode request, int code, String message) {
        ObjectNode response = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        response.putObject("error").put("code", code).put("message", message);
        return response;
    }

    /** A JSON-RPC success response to {@code request}. */
    static ObjectNode result(ObjectNode request, @Nullable ObjectNode result) {
        ObjectNode response = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        response.set("result", result == null ? JsonNodeFactory.instance.objectNode() : result);
        return response;
    }
}
