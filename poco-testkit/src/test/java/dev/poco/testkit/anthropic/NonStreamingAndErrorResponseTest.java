package dev.poco.testkit.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class NonStreamingAndErrorResponseTest {

    private final FakeAnthropicServer server = new FakeAnthropicServer().start();
    private final FakeHttp http = new FakeHttp(server);

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void answersANonStreamingRequestWithACompleteMessage() throws Exception {
        server.enqueue(Reply.text("Running it.").andToolUse("Bash", FakeHttp.bash("ls")).withUsage(new Usage(5, 6, 7, 8)));

        HttpResponse<String> response = http.messages(false, "hi");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode message = Json.MAPPER.readTree(response.body());
        assertThat(message.path("type").asString()).isEqualTo("message");
        assertThat(message.path("role").asString()).isEqualTo("assistant");
        assertThat(message.path("model").asString()).isEqualTo("claude-test-1");
        assertThat(message.path("id").asString()).startsWith("msg_");
        assertThat(message.path("stop_reason").asString()).isEqualTo("tool_use");
        assertThat(message.path("content").get(0).path("text").asString()).isEqualTo("Running it.");
        JsonNode tool = message.path("content").get(1);
        assertThat(tool.path("type").asString()).isEqualTo("tool_use");
        assertThat(tool.path("id").asString()).startsWith("toolu_");
        assertThat(tool.path("input").path("command").asString()).isEqualTo("ls");
        assertThat(message.path("usage").path("input_tokens").asInt()).isEqualTo(5);
        assertThat(message.path("usage").path("output_tokens").asInt()).isEqualTo(6);
        assertThat(message.path("usage").path("cache_creation_input_tokens").asInt()).isEqualTo(7);
        assertThat(message.path("usage").path("cache_read_input_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void answersScriptedErrorsWithAnthropicsErrorBodyForStreamingAndPlainRequests() throws Exception {
        server.enqueue(Reply.overloaded(), Reply.apiError(), Reply.error(400, "invalid_request_error", "bad")
                .withHeader("retry-after", "0"));

        HttpResponse<String> overloaded = http.messages(true, "hi");
        HttpResponse<String> apiError = http.messages(false, "hi");
        HttpResponse<String> invalid = http.messages(true, "hi");

        assertError(overloaded, 529, "overloaded_error");
        assertThat(Json.MAPPER.readTree(overloaded.body()).path("error").path("message").asString())
                .isEqualTo("Overloaded");
        assertError(apiError, 500, "api_error");
        assertError(invalid, 400, "invalid_request_error");
        assertThat(invalid.headers().firstValue("retry-after")).hasValue("0");
    }

    @Test
    void rejectsABodyThatIsNotJsonWithInvalidRequestError() throws Exception {
        assertError(http.post("/v1/messages", "not json"), 400, "invalid_request_error");
        assertThat(server.pendingReplies()).isZero();
    }

    @Test
    void answersCountTokens() throws Exception {
        HttpResponse<String> standard = http.post("/v1/messages/count_tokens?beta=true", FakeHttp.messagesBody(false, "x"));
        server.countTokens(1234);
        HttpResponse<String> scripted = http.post("/v1/messages/count_tokens", FakeHttp.messagesBody(false, "x"));

        assertThat(standard.statusCode()).isEqualTo(200);
        assertThat(standard.body()).isEqualTo("{\"input_tokens\":42}");
        assertThat(Json.MAPPER.readTree(scripted.body()).path("input_tokens").asInt()).isEqualTo(1234);
    }

    @Test
    void answersTheCliPreconnectOnTheRoot() throws Exception {
        assertThat(http.method("HEAD", "/").statusCode()).isEqualTo(200);
        assertThat(http.method("GET", "/").statusCode()).isEqualTo(200);
    }

    @Test
    void answersUnknownPathsAndMethodsWithNotFoundError() throws Exception {
        assertError(http.method("GET", "/v1/models"), 404, "not_found_error");
        assertError(http.method("GET", "/v1/messages"), 404, "not_found_error");
        assertError(http.post("/v1/complete", "{}"), 404, "not_found_error");
        assertThat(http.method("HEAD", "/v1/models").statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(http.method("GET", "/v1/models").body()).path("error").path("message")
                .asString()).contains("/v1/models");
    }

    private static void assertError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("type").asString()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString()).isEqualTo(type);
        assertThat(body.path("error").path("message").asString()).isNotBlank();
    }
}
