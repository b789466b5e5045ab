package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.dingtalk.FakeDingTalkServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A task given from DingTalk, end to end: the chat is linked with a code from the API over the stream connection,
 * its plain text starts a run of the real CLI in the sandbox, the agent's question arrives as an action card, a tap
 * (the client sending the button's text) answers it, and the answer and the outcome arrive in the chat once each;
 * the session webhook has expired by then, so they come through the OpenAPI.
 */
class DingTalkTest extends EndToEndTest {

    private static final Map<String, Object> COLOR_QUESTION = Map.of("questions", List.of(Map.of(
            "question", "Which color should the button be?", "header", "Color", "multiSelect", false,
            "options", List.of(Map.of("label", "Red", "description", "warm"),
                    Map.of("label", "Blue", "description", "cool")))));

    private final String staff = "e2e" + UUID.randomUUID().toString().substring(0, 8);
    private final String chat = "user:" + staff;

    private FakeDingTalkServer.Sent awaitMessage(String containing) {
        FakeDingTalkServer.Sent[] found = new FakeDingTalkServer.Sent[1];
        await().atMost(RUN).pollInterval(Duration.ofMillis(100)).until(() -> {
            found[0] = DINGTALK.sentTo(chat).stream().filter(s -> s.text().contains(containing)).findFirst()
                    .orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    @Test
    void aChatGivesATaskAnswersTheAgentsQuestionWithAButtonAndGetsTheResult() {
        String code = alice.post("/api/v1/im/link-codes", null).ok().path("code").asString();
        DINGTALK.push(DINGTALK.textMessage(staff, "/link " + code));
        assertThat(awaitMessage("acts for your Poco account").via()).isEqualTo("webhook");

        MODEL.enqueue(Reply.toolUse("AskUserQuestion", COLOR_QUESTION), Reply.text("Blue it is, **done**."));
        DINGTALK.push(FakeDingTalkServer.withExpiredWebhook(DINGTALK.textMessage(staff, "Make a button")));
        awaitMessage("Task created");
        JsonNode sessions = alice.get("/api/v1/sessions").ok();
        assertThat(sessions).hasSize(1);
        String sessionId = sessions.get(0).path("session_id").asString();

        FakeDingTalkServer.Sent question = awaitMessage("Which color should the button be?");
        assertThat(question.via()).isEqualTo("openapi");
        assertThat(question.buttonLabels()).containsExactly("Red", "Blue");
        DINGTALK.push(FakeDingTalkServer.withExpiredWebhook(DINGTALK.buttonTap(staff, question.buttonUrls().get(1))));

        FakeDingTalkServer.Sent answer = awaitMessage("Blue it is");
        assertThat(answer.text()).isEqualTo("Blue it is, **done**.");
        assertThat(answer.kind()).isEqualTo("sampleMarkdown");
        awaitMessage("Task finished");
        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString())
                .isEqualTo("completed");
        RecordedRequest second = MODEL.awaitMessageRequests(2, Duration.ofSeconds(30)).get(1);
        assertThat(second.toolResultContent(second.toolResultIds().getFirst()).orElseThrow()).contains("Blue");

        List<String> texts = DINGTALK.sentTo(chat).stream().map(FakeDingTalkServer.Sent::text).toList();
        assertThat(texts.stream().filter(t -> t.contains("Task finished"))).hasSize(1);
        assertThat(texts.stream().filter(t -> t.contains("Blue it is"))).hasSize(1);
        assertThat(texts.stream().filter(t -> t.contains("Which color"))).hasSize(1);
        assertThat(texts.indexOf(question.text())).isLessThan(texts.indexOf(answer.text()));
    }
}
