package dev.poco.testkit.anthropic;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of this package, and conversions used by the reply factories. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ObjectNode toObject(Map<String, ?> map) {
        JsonNode node = MAPPER.valueToTree(map);
        return (ObjectNode) node;
    }

    /** Parses a JSON object; throws {@link IllegalArgumentException} if {@code json} is not one. */
    static ObjectNode parseObject(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON: " + json, e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("not a JSON object: " + json);
        }
        return object;
    }

    static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }
}
