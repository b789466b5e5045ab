package dev.poco.testkit.http;

import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** An HTTP answer with helpers for poco's envelope. */
public record Reply(int status, String body, Map<String, List<String>> headers) {

    public JsonNode json() {
        try {
            return Api.JSON.readTree(body);
        } catch (RuntimeException e) {
            throw new AssertionError("Not JSON (status " + status + "): " + body, e);
        }
    }

    public int code() {
        return json().path("code").asInt(-1);
    }

    public String message() {
        return json().path("message").asString();
    }

    public JsonNode data() {
        JsonNode data = json().get("data");
        return data == null ? MissingNode.getInstance() : data;
    }

    public @Nullable String header(String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .findFirst().map(e -> e.getValue().getFirst()).orElse(null);
    }

    /** Asserts HTTP 200 with envelope code 0, and returns the data. */
    public JsonNode ok() {
        Assertions.assertThat(status).as("HTTP status of %s", body).isEqualTo(200);
        Assertions.assertThat(code()).as("envelope code of %s", body).isZero();
        return data();
    }

    /** Asserts an error envelope with the given HTTP status and poco code. */
    public Reply error(int httpStatus, int pocoCode) {
        Assertions.assertThat(status).as("HTTP status of %s", body).isEqualTo(httpStatus);
        Assertions.assertThat(code()).as("envelope code of %s", body).isEqualTo(pocoCode);
        Assertions.assertThat(message()).as("message of %s", body).isNotBlank();
        return this;
    }
}
