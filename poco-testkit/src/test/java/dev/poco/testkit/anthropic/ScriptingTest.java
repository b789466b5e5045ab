package dev.poco.testkit.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ScriptingTest {

    private final FakeAnthropicServer server = new FakeAnthropicServer().start();
    private final FakeHttp http = new FakeHttp(server);

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void answersOkWhenNothingIsScripted() throws Exception {
        assertThat(text(http.messages(false, "hi"))).isEqualTo("OK");
    }

    @Test
    void consumesQueuedRepliesInOrderThenFallsBackToTheDefault() throws Exception {
        server.enqueue(Reply.text("one"), Reply.text("two")).defaultReply(Reply.text("default"));
        assertThat(server.pendingReplies()).isEqualTo(2);

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(text(http.messages(false, "hi")));
        }

        assertThat(answers).containsExactly("one", "two", "default", "default");
        assertThat(server.pendingReplies()).isZero();
    }

    @Test
    void asideRequestsNeitherConsumeTheQueueNorCountAsTheAgentsRequests() throws Exception {
        server.enqueue(Reply.text("for the agent"))
                .aside(request -> request.lastUserText().startsWith("title:"), request -> Reply.text("a title"));

        assertThat(text(http.messages(false, "title: fix the bug"))).isEqualTo("a title");
        assertThat(server.pendingReplies()).isEqualTo(1);
        assertThat(text(http.messages(false, "fix the bug"))).isEqualTo("for the agent");

        assertThat(server.messageRequests()).extracting(RecordedRequest::lastUserText).containsExactly("fix the bug");
        assertThat(server.asideRequests()).extracting(RecordedRequest::lastUserText)
                .containsExactly("title: fix the bug");
        assertThat(server.awaitMessageRequests(1, java.time.Duration.ofSeconds(1))).hasSize(1);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aRuleStillWinsOverAnAside() throws Exception {
        server.aside(request -> true, request -> Reply.text("aside")).when(request -> true, Reply.text("rule"));

        assertThat(text(http.messages(false, "hi"))).isEqualTo("rule");
        assertThat(server.messageRequests()).isEmpty();
    }

    @Test
    void aQueuedResponderSeesTheRequestItAnswers() throws Exception {
        server.enqueue(request -> Reply.text("you said " + request.lastUserText()));

        assertThat(text(http.messages(false, "banana"))).isEqualTo("you said banana");
        assertThat(text(http.messages(false, "banana"))).isEqualTo("OK");
    }

    @Test
    void aDefaultResponderAnswersEveryRequestDynamically() throws Exception {
        server.respondWith(request -> request.isStreaming() ? Reply.text("streamed") : Reply.text("plain"));

        assertThat(text(http.messages(false, "x"))).isEqualTo("plain");
        assertThat(Sse.parse(http.messages(true, "x").body()).get(3).data().path("delta").path("text").asString())
                .isEqualTo("streamed");
    }

    @Test
    void rulesAnswerAheadOfTheQueueAndAreNotConsumed() throws Exception {
        server.enqueue(Reply.text("queued"))
                .when(request -> request.lastUserText().contains("ping"), Reply.text("pong"))
                .when(request -> request.lastUserText().contains("echo"), request -> Reply.text(request.lastUserText()));

        assertThat(text(http.messages(false, "ping"))).isEqualTo("pong");
        assertThat(text(http.messages(false, "ping"))).isEqualTo("pong");
        assertThat(text(http.messages(false, "echo me"))).isEqualTo("echo me");
        assertThat(server.pendingReplies()).isEqualTo(1);
        assertThat(text(http.messages(false, "other"))).isEqualTo("queued");
    }

    @Test
    void aFailingResponderBecomesAnApiErrorAndTheServerKeepsServing() throws Exception {
        server.enqueue(request -> {
            throw new IllegalStateException("boom");
        });

        HttpResponse<String> failed = http.messages(true, "x");

        assertThat(failed.statusCode()).isEqualTo(500);
        JsonNode error = Json.MAPPER.readTree(failed.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("api_error");
        assertThat(error.path("message").asString()).contains("boom");
        assertThat(text(http.messages(false, "x"))).isEqualTo("OK");
    }

    @Test
    void resetForgetsTheScriptAndTheRecording() throws Exception {
        server.enqueue(Reply.text("queued")).defaultReply(Reply.text("default")).when(r -> true, Reply.text("rule"));
        http.messages(false, "x");

        server.reset();

        assertThat(server.requests()).isEmpty();
        assertThat(server.pendingReplies()).isZero();
        assertThat(text(http.messages(false, "x"))).isEqualTo("OK");
    }

    @Test
    void theAfterToolResultResponderCallsTheToolFirstAndAnswersTextAfterTheResult() throws Exception {
        server.respondWith(Responders.afterToolResult(Reply.text("done"), Reply.bash("ls", "list")));
        String withResult = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"go\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Bash\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"a b\"}]}]}";

        JsonNode first = Json.MAPPER.readTree(http.messages(false, "go").body());
        JsonNode second = Json.MAPPER.readTree(http.post("/v1/messages", withResult).body());

        assertThat(first.path("content").get(0).path("name").asString()).isEqualTo("Bash");
        assertThat(second.path("content").get(0).path("text").asString()).isEqualTo("done");
    }

    static String text(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body()).path("content").get(0).path("text").asString();
    }
}
