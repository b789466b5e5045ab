package dev.poco.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every operation of /openapi.json gets bad input: malformed JSON, bodies of the wrong shape, a
 * wrong type and a 1 MB string in each body field, values outside each enum, and path and query
 * parameters that are not what they should be (not a UUID, out of range, huge). Nothing may
 * answer 5xx: bad input is the caller's error.
 */
class ApiFuzzTest extends ApiTest {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final String HUGE = "x".repeat(1024 * 1024);
    /** Streams and long-polls wait for events by design; their input is checked before they wait. */
    private static final Set<String> STREAMING = Set.of("/api/v1/sessions/{sessionId}/events", "/api/v1/events");
    private static final List<String> BAD_IDS = List.of("not-a-uuid", "0", "-1", "99999999999999999999",
            "%27%20OR%201%3D1", "%E2%80%8B", "a".repeat(300), UUID.randomUUID().toString());

    private JsonNode doc;
    private Api client;
    private String sessionId;
    private final List<String> failures = new ArrayList<>();
    private int requests;

    @Test
    void noBadInputMakesAnyEndpointFail() {
        doc = anonymous.get("/openapi.json").json();
        client = alice.withHeader("X-Internal-Token", RUNNER_TOKEN);
        sessionId = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        for (var path : doc.path("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                if (!STREAMING.contains(path.getKey()) && !streams(operation.getValue())) {
                    fuzz(operation.getKey().toUpperCase(), path.getKey(), operation.getValue());
                }
            }
        }
        assertThat(requests).as("requests sent").isGreaterThan(500);
        assertThat(failures).as("answers with a 5xx status").isEmpty();
    }

    private static boolean streams(JsonNode operation) {
        return operation.path("responses").toString().contains("text/event-stream");
    }

    private void fuzz(String method, String template, JsonNode operation) {
        send(method, fill(template, null), "", body(operation, null, null));
        if (PATH_PARAMETER.matcher(template).find()) {
            for (String bad : BAD_IDS) {
                send(method, fill(template, bad), "", body(operation, null, null));
            }
        }
        String path = fill(template, null);
        for (JsonNode parameter : operation.path("parameters")) {
            if (!"query".equals(parameter.path("in").asString())) {
                continue;
            }
            String name = parameter.path("name").asString();
            for (String bad : List.of("abc", "-1", "1.5", "99999999999999999999", "true", "%00", "x".repeat(4000),
                    "not-a-uuid", "2025-13-45T99:00:00")) {
                send(method, path + "?" + name + "=" + bad, "", body(operation, null, null));
            }
        }
        JsonNode schema = requestSchema(operation);
        if (schema == null) {
            return;
        }
        for (String raw : List.of("{", "[]", "\"text\"", "42", "null", "{\"a\":", "\u0000", "{}")) {
            send(method, path, "", raw);
        }
        for (var property : resolve(schema).path("properties").properties()) {
            JsonNode type = resolve(property.getValue());
            List<Object> values = new ArrayList<>(List.of(HUGE, 1.5, -1, Long.MAX_VALUE, true, List.of(1), Map.of("a", 1)));
            values.add("\u0000");
            if (type.has("enum") || resolveItems(type).has("enum")) {
                values.add("no-such-value");
                values.add(List.of("no-such-value"));
            }
            for (Object value : values) {
                send(method, path, "", body(operation, property.getKey(), value));
            }
        }
    }

    private String fill(String template, String bad) {
        Matcher m = PATH_PARAMETER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = bad != null ? bad
                    : m.group(1).toLowerCase().startsWith("session") ? sessionId : UUID.randomUUID().toString();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String body(JsonNode operation, String field, Object value) {
        JsonNode schema = requestSchema(operation);
        if (schema == null) {
            return null;
        }
        ObjectNode body = Api.JSON.createObjectNode();
        body.put("prompt", "fuzz");
        body.put("schedule_mode", "fuzz-" + UUID.randomUUID());
        if (field != null) {
            body.set(field, Api.JSON.valueToTree(value));
        }
        return body.toString();
    }

    private JsonNode requestSchema(JsonNode operation) {
        JsonNode json = operation.path("requestBody").path("content").path("application/json").path("schema");
        return json.isMissingNode() ? null : json;
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/components/schemas/")) {
            return doc.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }

    private JsonNode resolveItems(JsonNode schema) {
        return resolve(schema.path("items"));
    }

    private void send(String method, String path, String query, String body) {
        requests++;
        Reply reply = client.send(method, path + query, body);
        if (reply.status() >= 500) {
            String sent = body == null ? "" : " " + (body.length() > 120 ? body.substring(0, 120) + "…" : body);
            failures.add(method + " " + (path.length() > 150 ? path.substring(0, 150) + "…" : path) + sent + " -> "
                    + reply.status() + " " + reply.body());
        }
    }
}
