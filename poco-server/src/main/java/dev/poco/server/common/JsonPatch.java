package dev.poco.server.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a partial-update body where "absent", "null" and "a value" mean different things (poco's
 * PATCH semantics). Type errors are collected and reported together as a 422 via
 * {@link #validate()}.
 */
public final class JsonPatch {

    private final ObjectNode body;
    private final List<Map<String, String>> errors = new ArrayList<>();

    private JsonPatch(ObjectNode body) {
        this.body = body;
    }

    public static JsonPatch of(@Nullable JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ValidationException(List.of(Map.of("field", "body", "message", "must be a JSON object")));
        }
        return new JsonPatch((ObjectNode) body);
    }

    public boolean has(String field) {
        return body.has(field);
    }

    public boolean isNull(String field) {
        return body.has(field) && body.get(field).isNull();
    }

    /** Absent → empty; JSON null → Optional holding null is not representable, so use {@link #has}. */
    public Optional<String> string(String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isString()) {
            errors.add(Map.of("field", field, "message", "must be a string"));
            return Optional.empty();
        }
        String value = node.asString();
        if (value.length() > maxLength) {
            errors.add(Map.of("field", field, "message", "must be at most " + maxLength + " characters"));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    public Optional<UUID> uuid(String field) {
        return string(field, 64).flatMap(s -> {
            try {
                return Optional.of(UUID.fromString(s));
            } catch (IllegalArgumentException e) {
                errors.add(Map.of("field", field, "message", "must be a UUID"));
                return Optional.empty();
            }
        });
    }

    public Optional<JsonNode> object(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            errors.add(Map.of("field", field, "message", "must be an object"));
            return Optional.empty();
        }
        return Optional.of(node);
    }

    /** Throws a 422 listing every type error met so far. */
    public void validate() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
