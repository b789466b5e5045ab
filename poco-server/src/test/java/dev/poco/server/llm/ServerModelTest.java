package dev.poco.server.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's own model client against the fake Messages API on a real socket. */
class ServerModelTest {

    private static FakeAnthropicServer model;

    @BeforeAll
    static void start() {
        model = new FakeAnthropicServer().start();
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    @BeforeEach
    void reset() {
        model.reset();
    }

    private static ServerModel client(String baseUrl, String key, String token) {
        return new ServerModel(new ServerModelProperties(baseUrl, key, token, "claude-test-model", 5, 0));
    }

    @Test
    void sendsSystemPromptAndUserMessageAndJoinsTheAnswersText() {
        model.enqueue(Reply.message(
                new dev.poco.testkit.anthropic.ContentBlock.Text("Fix the "),
                new dev.poco.testkit.anthropic.ContentBlock.Text("login bug")));

        String text = client(model.baseUrl() + "/v1/", "sk-ant-server-model", "")
                .complete("Summarise as a title.", "please fix the login bug", 32, 0.2);

        assertThat(text).isEqualTo("Fix the login bug");
        RecordedRequest request = model.awaitMessageRequests(1, java.time.Duration.ofSeconds(5)).getFirst();
        assertThat(request.path()).isEqualTo("/v1/messages"); // "/v1/" of the base URL dropped, as poco does
        assertThat(request.header("x-api-key")).contains("sk-ant-server-model");
        assertThat(request.header("authorization")).isEmpty();
        assertThat(request.model()).contains("claude-test-model");
        assertThat(request.json().path("system").toString()).contains("Summarise as a title.");
        assertThat(request.lastUserText()).isEqualTo("please fix the login bug");
        assertThat(request.json().path("max_tokens").asInt()).isEqualTo(32);
        assertThat(request.json().path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(request.isStreaming()).isFalse();
    }

    @Test
    void aTokenIsSentAsBearerWhenThereIsNoKey() {
        model.enqueue(Reply.text("ok"));

        client(model.baseUrl(), "", "oauth-token-1").complete("s", "u", 8);

        RecordedRequest request = model.awaitMessageRequests(1, java.time.Duration.ofSeconds(5)).getFirst();
        assertThat(request.header("authorization")).contains("Bearer oauth-token-1");
        assertThat(request.header("x-api-key")).isEmpty();
    }

    @Test
    void anErrorAnswerBecomesAServerModelExceptionNamingTheEndpoint() {
        model.enqueue(Reply.error(400, "invalid_request_error", "max_tokens: too large"));

        assertThatThrownBy(() -> client(model.baseUrl(), "sk-ant-x", null).complete("s", "u", 8))
                .isInstanceOf(ServerModelException.class)
                .hasMessageContaining(model.baseUrl())
                .hasMessageContaining("max_tokens: too large");
    }

    @Test
    void withoutCredentialsNothingIsSent() {
        ServerModel unconfigured = client(model.baseUrl(), " ", null);

        assertThat(unconfigured.configured()).isFalse();
        assertThatThrownBy(() -> unconfigured.complete("s", "u", 8))
                .isInstanceOf(ServerModelException.class)
                .hasMessageContaining("ANTHROPIC_API_KEY");
        assertThat(model.requests()).isEmpty();
    }
}
