package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.feishu.FakeFeishuServer;
import dev.poco.testkit.feishu.FeishuEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A task given from Feishu, end to end: the chat is linked with a code from the API, its text (an encrypted, signed
 * callback to the webhook) starts a run of the real CLI in the sandbox, the agent's question arrives as a card with
 * buttons, a card action answers it, and the answer and the outcome arrive in the chat once each, through the outbox.
 */
class FeishuTest extends EndToEndTest {

    private static final Map<String, Object> COLOR_QUESTION = Map.of("questions", List.of(Map.of(
            "question", "Which color should the button be?", "header", "Color", "multiSelect", false,
            "options", List.of(Map.of("label", "Red", "description", "warm"),
                    Map.of("label", "Blue", "description", "cool")))));

    private final String chat = "oc_" + UUID.randomUUID().toString().replace("-", "");
    private final String user = "ou_" + UUID.randomUUID().toString().replace("-", "");

    private FeishuEvents.Response deliver(ObjectNode event) {
        FeishuEvents.Response response = FeishuEvents.post("http://127.0.0.1:" + port + "/api/v1/webhooks/feishu",
                FEISHU_EVENTS.callback(event));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response;
    }

    private FakeFeishuServer.Sent awaitMessage(String containing) {
        FakeFeishuServer.Sent[] found = new FakeFeishuServer.Sent[1];
        await().atMost(RUN).pollInterval(Duration.ofMillis(100)).until(() -> {
            found[0] = FEISHU.sentTo(chat).stream().filter(s -> s.text().contains(containing)).findFirst()
                    .orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    @Test
    void aChatGivesATaskAnswersTheAgentsQuestionWithACardButtonAndGetsTheResult() {
        String code = alice.post("/api/v1/im/link-codes", null).ok().path("code").asString();
        deliver(FEISHU_EVENTS.text(chat, user, "/link " + code));
        awaitMessage("acts for your Poco account");

        MODEL.enqueue(Reply.toolUse("AskUserQuestion", COLOR_QUESTION), Reply.text("Blue it is, **done**."));
        deliver(FEISHU_EVENTS.text(chat, user, "Make a button"));
        awaitMessage("Task created");
        JsonNode sessions = alice.get("/api/v1/sessions").ok();
        assertThat(sessions).hasSize(1);
        String sessionId = sessions.get(0).path("session_id").asString();

        FakeFeishuServer.Sent question = awaitMessage("Which color should the button be?");
        assertThat(question.msgType()).isEqualTo("interactive");
        assertThat(question.buttonLabels()).containsExactly("Red", "Blue");
        FeishuEvents.Response pressed = deliver(FEISHU_EVENTS.cardAction(chat, user, question.buttonData().get(1)));
        assertThat(pressed.json().path("toast").path("content").asString()).contains("Answer submitted");

        FakeFeishuServer.Sent answer = awaitMessage("Blue it is");
        assertThat(answer.msgType()).isEqualTo("interactive");
        assertThat(answer.text()).isEqualTo("Blue it is, **done**.");
        awaitMessage("Task finished");
        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString())
                .isEqualTo("completed");
        RecordedRequest second = MODEL.awaitMessageRequests(2, Duration.ofSeconds(30)).get(1);
        assertThat(second.toolResultContent(second.toolResultIds().getFirst()).orElseThrow()).contains("Blue");

        List<String> texts = FEISHU.sentTo(chat).stream().map(FakeFeishuServer.Sent::text).toList();
        assertThat(texts.stream().filter(t -> t.contains("Task finished"))).hasSize(1);
        assertThat(texts.stream().filter(t -> t.contains("Blue it is"))).hasSize(1);
        assertThat(texts.stream().filter(t -> t.contains("Which color"))).hasSize(1);
        assertThat(texts.indexOf(question.text())).isLessThan(texts.indexOf(answer.text()));
        assertThat(texts.indexOf(answer.text())).isLessThan(
                texts.indexOf(texts.stream().filter(t -> t.contains("Task finished")).findFirst().orElseThrow()));
    }
}
