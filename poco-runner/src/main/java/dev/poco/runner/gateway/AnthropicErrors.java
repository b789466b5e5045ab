package dev.poco.runner.gateway;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Error bodies in the Messages API's shape, so the CLI shows the gateway's message to the user as it is. */
final class AnthropicErrors {

    private AnthropicErrors() {
    }

    /** {@code {"type":"error","error":{"type":<type>,"message":<message>}}} */
    static byte[] body(String type, String message) {
        ObjectNode root = JsonMapper.shared().createObjectNode();
        root.put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        return JsonMapper.shared().writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    }
}
