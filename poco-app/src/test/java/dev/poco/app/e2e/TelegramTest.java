package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.telegram.FakeTelegramServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A task given from Telegram, end to end: the chat is linked with a code from the API, its plain text starts a run
 * of the real CLI in the sandbox, the agent's question arrives with buttons, a press answers it, the answer and the
 * outcome arrive in the chat (once), all through the long poll and the outbox.
 */
class TelegramTest extends EndToEndTest {

    private static final Map<String, Object> COLOR_QUESTION = Map.of("questions", List.of(Map.of(
            "question", "Which color should the button be?", "header", "Color", "multiSelect", false,
            "options", List.of(Map.of("label", "Red", "description", "warm"),
                    Map.of("label", "Blue", "description", "cool")))));

    private final long chat = ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE / 2);
    private final long user = ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE / 2);

    private FakeTelegramServer.Sent awaitMessage(String containing) {
        FakeTelegramServer.Sent[] found = new FakeTelegramServer.Sent[1];
        await().atMost(RUN).pollInterval(Duration.ofMillis(100)).until(() -> {
            found[0] = TELEGRAM.sentTo(chat).stream().filter(s -> s.text().contains(containing)).findFirst()
                    .orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    @Test
    void aChatGivesATaskAnswersTheAgentsQuestionWithAButtonAndGetsTheResult() {
        String code = alice.post("/api/v1/im/link-codes", null).ok().path("code").asString();
        TELEGRAM.pushUpdate(TELEGRAM.textUpdate(chat, user, "/link " + code));
        awaitMessage("acts for your Poco account");

        MODEL.enqueue(Reply.toolUse("AskUserQuestion", COLOR_QUESTION), Reply.text("Blue it is, **done**."));
        TELEGRAM.pushUpdate(TELEGRAM.textUpdate(chat, user, "Make a button"));
        awaitMessage("Task created");
        JsonNode sessions = alice.get("/api/v1/sessions").ok();
        assertThat(sessions).hasSize(1);
        String sessionId = sessions.get(0).path("session_id").asString();

        FakeTelegramServer.Sent question = awaitMessage("Which color should the button be?");
        assertThat(question.buttonLabels()).containsExactly("Red", "Blue");
        TELEGRAM.pushUpdate(TELEGRAM.buttonPress(chat, user, question.buttonData().get(1)));

        FakeTelegramServer.Sent answer = awaitMessage("Blue it is");
        assertThat(answer.text()).isEqualTo("Blue it is, <b>done</b>.");
        assertThat(answer.parseMode()).isEqualTo("HTML");
        awaitMessage("Task finished");
        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString())
                .isEqualTo("completed");
        RecordedRequest second = MODEL.awaitMessageRequests(2, Duration.ofSeconds(30)).get(1);
        assertThat(second.toolResultContent(second.toolResultIds().getFirst()).orElseThrow()).contains("Blue");

        // once each, in the order they happened
        List<String> texts = TELEGRAM.sentTo(chat).stream().map(FakeTelegramServer.Sent::text).toList();
        assertThat(texts.stream().filter(t -> t.contains("Task finished"))).hasSize(1);
        assertThat(texts.stream().filter(t -> t.contains("Blue it is"))).hasSize(1);
        assertThat(texts.stream().filter(t -> t.contains("Which color"))).hasSize(1);
        assertThat(texts.indexOf(question.text())).isLessThan(texts.indexOf(answer.text()));
        assertThat(texts.indexOf(answer.text())).isLessThan(
                texts.indexOf(texts.stream().filter(t -> t.contains("Task finished")).findFirst().orElseThrow()));
    }
}
