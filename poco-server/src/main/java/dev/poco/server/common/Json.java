package dev.poco.server.common;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON for jsonb columns and event payloads, through the application's configured mapper (so
 * records come out in poco's snake_case). Repositories bind {@link #write} output with
 * {@code CAST(:param AS jsonb)} and read columns back with {@link #read}.
 */
@Component
public class Json {

    private final ObjectMapper mapper;

    public Json(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Serializes a value for a jsonb parameter; null stays SQL NULL. */
    public @Nullable String write(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        return mapper.writeValueAsString(value);
    }

    /** Reads a jsonb column; SQL NULL and the JSON literal null both read as Java null. */
    public @Nullable JsonNode read(@Nullable String column) {
        if (column == null) {
            return null;
        }
        JsonNode node = mapper.readTree(column);
        return node == null || node.isNull() ? null : node;
    }

    public <T> @Nullable T read(@Nullable String column, Class<T> type) {
        JsonNode node = read(column);
        return node == null ? null : mapper.treeToValue(node, type);
    }

    public JsonNode toTree(@Nullable Object value) {
        return value == null ? NullNode.getInstance() : mapper.valueToTree(value);
    }

    public <T> T convert(JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JacksonException e) {
            throw new BadRequestException("Invalid JSON value: " + e.getOriginalMessage());
        }
    }

    public ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
