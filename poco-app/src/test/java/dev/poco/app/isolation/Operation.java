package dev.poco.app.isolation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One (method, path) of the served OpenAPI document, with what the isolation test needs to call it:
 * its path parameters, its query parameters (name → required) and its request body's media type and schema.
 */
record Operation(String method, String path, List<String> pathParams, Map<String, Boolean> queryParams,
        @Nullable String bodyType, @Nullable JsonNode bodySchema) {

    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    /** Every operation of {@code document}, in document order. */
    static List<Operation> all(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                operations.add(of(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), op.getValue()));
            }
        }
        return operations;
    }

    private static Operation of(String method, String path, JsonNode op) {
        List<String> pathParams = new ArrayList<>();
        Matcher m = PARAM.matcher(path);
        while (m.find()) {
            pathParams.add(m.group(1));
        }
        Map<String, Boolean> query = new java.util.LinkedHashMap<>();
        for (JsonNode p : op.path("parameters")) {
            if ("query".equals(p.path("in").asString())) {
                query.put(p.path("name").asString(), p.path("required").asBoolean(false));
            }
        }
        String bodyType = null;
        JsonNode schema = null;
        JsonNode content = op.path("requestBody").path("content");
        Iterator<Map.Entry<String, JsonNode>> types = content.properties().iterator();
        if (content.has("multipart/form-data")) { // the form a browser sends for uploads
            bodyType = "multipart/form-data";
            schema = content.path(bodyType).path("schema");
        } else if (types.hasNext()) {
            Map.Entry<String, JsonNode> first = types.next();
            bodyType = first.getKey();
            schema = first.getValue().path("schema");
        }
        return new Operation(method, path, List.copyOf(pathParams), java.util.Collections.unmodifiableMap(query),
                bodyType, schema);
    }

    String key() {
        return method + " " + path;
    }

    boolean hasPathParams() {
        return !pathParams.isEmpty();
    }

    /** The path with each parameter replaced by {@code values.get(name)}, URL-path-safe values assumed. */
    String fill(Map<String, String> values) {
        Matcher m = PARAM.matcher(path);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("No value for {" + m.group(1) + "} of " + key());
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The path up to and including parameter {@code name}: the key under which the fixture files its value. */
    String templateUpTo(String name) {
        String marker = "{" + name + "}";
        return path.substring(0, path.indexOf(marker) + marker.length());
    }

    /**
     * A body that passes validation as far as the document can tell: every required property of the
     * schema with a plain value of its type (strings "isolation", numbers 1, booleans false, objects and
     * arrays empty). Enough for the server to get past binding to its ownership check.
     */
    static JsonNode minimalBody(@Nullable JsonNode schema, JsonNode document) {
        JsonNode resolved = resolve(schema, document);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (resolved == null) {
            return body;
        }
        JsonNode props = resolved.path("properties");
        for (JsonNode required : resolved.path("required")) {
            String name = required.asString();
            JsonNode prop = resolve(props.path(name), document);
            String type = prop == null ? "object" : prop.path("type").asString("object");
            switch (type) {
                case "string" -> body.put(name, prop.has("enum") ? prop.path("enum").get(0).asString() : "isolation");
                case "integer", "number" -> body.put(name, 1);
                case "boolean" -> body.put(name, false);
                case "array" -> body.putArray(name);
                default -> body.putObject(name);
            }
        }
        return body;
    }

    private static @Nullable JsonNode resolve(@Nullable JsonNode schema, JsonNode document) {
        if (schema == null || schema.isMissingNode()) {
            return null;
        }
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/components/schemas/")) {
            return document.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }
}
