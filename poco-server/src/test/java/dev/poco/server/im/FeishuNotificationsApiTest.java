package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.feishu.FakeFeishuServer;
import dev.poco.testkit.feishu.FeishuEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Push to Feishu: the agent's text as a card, questions as cards with buttons, outcomes; retries, tokens, limits. */
class FeishuNotificationsApiTest extends FeishuApiTest {

    private static final String INTERNAL_QUESTIONS = "/api/v1/internal/user-input-requests";

    /** Links the chat, sends a task, starts its run: returns {session, run}. */
    private String[] runningTask(String prompt) {
        linkToAlice();
        assertThat(say(prompt)).contains("Task created");
        String session = boundSession();
        String run = latestRun(session);
        startRun(run);
        return new String[] {session, run};
    }

    @Test
    void theAnswerArrivesAsAMarkdownCardAndTheOutcomeOnce() {
        String[] task = runningTask("what is 6 times 7?");
        int before = feishu.sentTo(chat).size();
        assistantSays(task[0], task[1], "## Result\nThe answer is **42**, see `a<b>` and 1 < 2.");
        FakeFeishuServer.Sent answer = nextMessage(chat, before);
        assertThat(answer.msgType()).isEqualTo("interactive");
        assertThat(answer.content().path("elements").get(0).path("tag").asString()).isEqualTo("markdown");
        assertThat(answer.text()).isEqualTo("**Result**\nThe answer is **42**, see `a<b>` and 1 &lt; 2.");

        callback(task[0], task[1], "completed", null);
        FakeFeishuServer.Sent done = nextMessage(chat, before + 1);
        assertThat(done.msgType()).isEqualTo("post");
        assertThat(done.text()).startsWith("✅ Task finished").contains("what is 6 times 7?")
                .contains("http://poco.test/s/" + task[0]);
        // a repeated terminal callback announces nothing more
        runner.post("/api/v1/callback", Map.of("session_id", task[0], "run_id", task[1], "status", "completed",
                "progress", 100, "seq", 99)).ok();
        await().atMost(Duration.ofSeconds(10)).until(() -> undelivered() == 0);
        assertThat(say("/help")).contains("Poco commands");
        assertThat(feishu.sentTo(chat).stream().skip(before).map(FakeFeishuServer.Sent::text)
                .filter(t -> t.startsWith("✅ Task finished"))).hasSize(1);
    }

    @Test
    void aQuestionArrivesAsACardWithButtonsAndACardActionAnswersIt() {
        String[] task = runningTask("ask me something");
        int before = feishu.sentTo(chat).size();
        String id = runner.post(INTERNAL_QUESTIONS, Map.of("session_id", task[0], "tool_name", "AskUserQuestion",
                "tool_input", Map.of("questions", List.of(Map.of("question", "Which database?", "header", "DB",
                        "multiSelect", false, "options", List.of(Map.of("label", "PostgreSQL",
                                "description", "the real one"), Map.of("label", "SQLite"))))))).ok()
                .path("id").asString();
        FakeFeishuServer.Sent asked = nextMessage(chat, before);
        assertThat(asked.msgType()).isEqualTo("interactive");
        assertThat(asked.text()).contains("The agent needs your input").contains("Which database?")
                .contains("PostgreSQL").contains("/answer " + id);
        assertThat(asked.buttonLabels()).containsExactly("PostgreSQL", "SQLite");
        assertThat(asked.buttonData()).containsExactly("q:" + id + ":0:0", "q:" + id + ":0:1");

        FeishuEvents.Response pressed = deliver(events.cardAction(chat, user, asked.buttonData().get(1)));
        assertThat(pressed.json().path("toast").path("content").asString()).contains("Answer submitted");
        JsonNode answered = runner.get(INTERNAL_QUESTIONS + "/" + id).ok();
        assertThat(answered.path("status").asString()).isEqualTo("answered");
        assertThat(answered.path("answers").path("Which database?").asString()).isEqualTo("SQLite");
        // a second press on the now closed question changes nothing
        FeishuEvents.Response again = deliver(events.cardAction(chat, user, asked.buttonData().get(0)));
        assertThat(again.json().path("toast").path("content").asString()).contains("no longer open");
        assertThat(runner.get(INTERNAL_QUESTIONS + "/" + id).ok().path("answers").path("Which database?").asString())
                .isEqualTo("SQLite");
    }

    @Test
    void aPlanGetsApproveAndRejectButtonsAndAPressFromAnUnlinkedChatDoesNothing() {
        String[] task = runningTask("plan first");
        int before = feishu.sentTo(chat).size();
        String plan = runner.post(INTERNAL_QUESTIONS, Map.of("session_id", task[0], "tool_name", "ExitPlanMode",
                "tool_input", Map.of("plan", "1. Do it\n2. Test it"))).ok().path("id").asString();
        FakeFeishuServer.Sent proposed = nextMessage(chat, before);
        assertThat(proposed.text()).contains("proposes a plan").contains("2. Test it");
        assertThat(proposed.buttonData()).containsExactly("p:" + plan + ":1", "p:" + plan + ":0");

        String stranger = "oc_stranger_" + chat;
        FeishuEvents.Response refused = deliver(events.cardAction(stranger, user, "p:" + plan + ":1"));
        assertThat(refused.json().path("toast").path("content").asString()).contains("not linked");
        assertThat(runner.get(INTERNAL_QUESTIONS + "/" + plan).ok().path("status").asString()).isEqualTo("pending");

        deliver(events.cardAction(chat, user, "p:" + plan + ":0"));
        assertThat(runner.get(INTERNAL_QUESTIONS + "/" + plan).ok().path("answers").path("approved").asString())
                .isEqualTo("false");
    }

    @Test
    void aFailedDeliveryIsRetriedUntilFeishuTakesIt() {
        String[] task = runningTask("flaky network");
        feishu.fail("messages", 1, 500, 0).fail("messages", 1, 429, 1);
        int before = feishu.sentTo(chat).size();
        assistantSays(task[0], task[1], "delivered in the end");
        assertThat(nextMessage(chat, before).text()).isEqualTo("delivered in the end");
        List<Integer> statuses = feishu.calls(FakeFeishuServer.MESSAGES_PATH).stream()
                .filter(c -> c.body().path("content").asString("").contains("delivered in the end"))
                .map(FakeFeishuServer.Call::status).toList();
        assertThat(statuses).containsExactly(500, 429, 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> undelivered() == 0);
        assertThat(provider("feishu").path("last_error").asString()).contains("429");
    }

    @Test
    void anExpiredTokenIsReplacedAndTheMessageSentWithTheNewOne() {
        String[] task = runningTask("tokens expire");
        int tokens = feishu.calls(FakeFeishuServer.TOKEN_PATH).size();
        feishu.expireTokens();
        int before = feishu.sentTo(chat).size();
        assistantSays(task[0], task[1], "after the refresh");
        assertThat(nextMessage(chat, before).text()).isEqualTo("after the refresh");
        List<FakeFeishuServer.Call> attempts = feishu.calls(FakeFeishuServer.MESSAGES_PATH).stream()
                .filter(c -> c.body().path("content").asString("").contains("after the refresh")).toList();
        assertThat(attempts).extracting(FakeFeishuServer.Call::code).containsExactly(99991663, 0);
        assertThat(feishu.calls(FakeFeishuServer.TOKEN_PATH)).hasSize(tokens + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> undelivered() == 0);
    }

    @Test
    void aLongTextIsSplitOnLinesIntoCardsWithinFeishusLimits() {
        String[] task = runningTask("long please");
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 10_000; i++) {
            text.append("line ").append(i).append(": 长文本 a < b\n");
        }
        text.append("```\ncode block that\nstays intact\n```");
        int before = feishu.sentTo(chat).size();
        assistantSays(task[0], task[1], text.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> undelivered() == 0);
        List<FakeFeishuServer.Sent> parts = feishu.sentTo(chat).stream().skip(before).toList();
        assertThat(parts).hasSizeGreaterThanOrEqualTo(4);
        StringBuilder visible = new StringBuilder();
        for (FakeFeishuServer.Sent p : parts) {
            assertThat(p.msgType()).isEqualTo("interactive");
            assertThat(p.text().length()).isLessThanOrEqualTo(3000 + 3000 / 2); // entities may lengthen a part
            visible.append(p.text().replace("&lt;", "<")).append('\n');
        }
        for (int i = 0; visible.indexOf("line " + i + ":") >= 0 || i < 300; i++) {
            assertThat(visible.toString()).contains("line " + i + ": 长文本 a < b\n");
        }
        assertThat(parts.getLast().text()).contains("```\ncode block that\nstays intact\n```");
    }

    @Test
    void aRefusalIsNotRetriedForever() {
        String[] task = runningTask("bot removed");
        // the bot was removed from the chat: Feishu answers 400 with code 230002; the row ends dead, not retried
        feishu.removeBotFrom(chat);
        assistantSays(task[0], task[1], "nobody receives this");
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                SELECT count(*) FROM im_outbox o JOIN im_channels c ON c.id = o.channel_id
                WHERE c.provider = 'feishu' AND c.chat_id = :c AND o.status = 'dead'""").param("c", chat).query(Integer.class)
                .single() > 0);
        assertThat(feishu.calls(FakeFeishuServer.MESSAGES_PATH).stream()
                .filter(c -> c.body().path("content").asString("").contains("nobody receives this"))
                .map(FakeFeishuServer.Call::code)).containsExactly(230002);
    }
}
