package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.dingtalk.FakeDingTalkServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Push to DingTalk: the agent's text, questions with action-card buttons, outcomes, retries, long texts. */
class DingTalkNotificationsApiTest extends DingTalkApiTest {

    private static final String INTERNAL_QUESTIONS = "/api/v1/internal/user-input-requests";

    /** Links the chat, sends a task as plain text, starts its run: returns {session, run}. */
    private String[] runningTask(String prompt) {
        linkToAlice();
        assertThat(say(prompt)).contains("Task created").contains("queued");
        String session = boundSession();
        String run = latestRun(session);
        startRun(run);
        return new String[] {session, run};
    }

    @Test
    void plainTextStartsARunAndTheAnswerAndTheOutcomeArriveOnce() {
        String[] task = runningTask("what is 6 times 7?");
        int before = dingtalk.sentTo(chat).size();
        assistantSays(task[0], task[1], "#### The answer\nis **42**, see `math`.");
        FakeDingTalkServer.Sent answer = nextMessage(before);
        assertThat(answer.kind()).isEqualTo("markdown");
        assertThat(answer.text()).isEqualTo("### The answer\nis **42**, see `math`.");
        assertThat(answer.title()).isEqualTo("The answer");

        callback(task[0], task[1], "completed", null);
        assertThat(nextMessage(before + 1).text()).startsWith("✅ Task finished")
                .contains("http://poco.test/s/" + task[0]);
        runner.post("/api/v1/callback", Map.of("session_id", task[0], "run_id", task[1], "status", "completed",
                "progress", 100, "seq", 99)).ok();
        await().atMost(Duration.ofSeconds(10)).until(() -> undelivered() == 0);
        assertThat(say("/help")).contains("Poco commands"); // nothing else came in between
        assertThat(dingtalk.sentTo(chat).subList(before, dingtalk.sentTo(chat).size()))
                .extracting(s -> s.text().startsWith("✅ Task finished")).containsExactly(false, true, false);
    }

    @Test
    void withAnExpiredSessionWebhookNotificationsGoThroughTheOpenApi() {
        String[] task = runningTask("later");
        say(FakeDingTalkServer.withExpiredWebhook(dingtalk.textMessage(staff, "/current")));
        int before = dingtalk.sentTo(chat).size();
        assistantSays(task[0], task[1], "**late** answer");
        FakeDingTalkServer.Sent answer = nextMessage(before);
        assertThat(answer.via()).isEqualTo("openapi");
        assertThat(answer.kind()).isEqualTo("sampleMarkdown");
        assertThat(answer.text()).isEqualTo("**late** answer");
        assertThat(answer.title()).isEqualTo("late answer");
        assertThat(dingtalk.calls(FakeDingTalkServer.ONE_TO_ONE).getLast().body().path("userIds").get(0).asString())
                .isEqualTo(staff);
    }

    @Test
    void aQuestionArrivesAsAnActionCardAndATapAnswersIt() {
        String[] task = runningTask("ask me something");
        int before = dingtalk.sentTo(chat).size();
        String id = runner.post(INTERNAL_QUESTIONS, Map.of("session_id", task[0], "tool_name",
                "AskUserQuestion", "tool_input", Map.of("questions", List.of(Map.of("question", "Which database?",
                        "header", "DB", "multiSelect", false, "options", List.of(
                                Map.of("label", "PostgreSQL", "description", "the real one"),
                                Map.of("label", "SQLite"))))))).ok().path("id").asString();
        FakeDingTalkServer.Sent asked = nextMessage(before);
        assertThat(asked.kind()).isEqualTo("actionCard");
        assertThat(asked.text()).contains("The agent needs your input").contains("Which database?")
                .contains("/answer " + id);
        assertThat(asked.buttonLabels()).containsExactly("PostgreSQL", "SQLite");
        assertThat(asked.buttonContents()).containsExactly("/press q:" + id + ":0:0", "/press q:" + id + ":0:1");

        FakeDingTalkServer.Sent confirmed = say(dingtalk.buttonTap(staff, asked.buttonUrls().get(1)));
        assertThat(confirmed.text()).contains("Answer submitted");
        assertThat(runner.get(INTERNAL_QUESTIONS + "/" + id).ok().path("answers").path("Which database?").asString())
                .isEqualTo("SQLite");
        // a second tap on the closed question changes nothing
        int mark = dingtalk.sentTo(chat).size();
        String late = dingtalk.push(dingtalk.buttonTap(staff, asked.buttonUrls().get(0)));
        await().atMost(Duration.ofSeconds(10)).until(() -> dingtalk.acked(late));
        assertThat(runner.get(INTERNAL_QUESTIONS + "/" + id).ok().path("answers").path("Which database?").asString())
                .isEqualTo("SQLite");
        assertThat(dingtalk.sentTo(chat)).hasSize(mark);
    }

    @Test
    void multiSelectPicksAreSubmittedTogetherAndPlansGetApproveButtonsThroughTheOpenApiToo() {
        String[] task = runningTask("several questions");
        int before = dingtalk.sentTo(chat).size();
        String id = runner.post(INTERNAL_QUESTIONS, Map.of("session_id", task[0], "tool_name", "AskUserQuestion",
                "tool_input", Map.of("questions", List.of(
                        Map.of("question", "Which checks?", "header", "Checks", "multiSelect", true,
                                "options", List.of(Map.of("label", "Lint"), Map.of("label", "Types"),
                                        Map.of("label", "Tests"))))))).ok().path("id").asString();
        FakeDingTalkServer.Sent asked = nextMessage(before);
        assertThat(asked.buttonContents()).containsExactly("/press q:" + id + ":0:0", "/press q:" + id + ":0:1",
                "/press q:" + id + ":0:2", "/press qs:" + id);
        for (int i : new int[] {0, 2, 1, 2}) {
            String frame = dingtalk.push(dingtalk.buttonTap(staff, asked.buttonUrls().get(i)));
            await().atMost(Duration.ofSeconds(10)).until(() -> dingtalk.acked(frame));
        }
        say(dingtalk.buttonTap(staff, asked.buttonUrls().get(3)));
        assertThat(runner.get(INTERNAL_QUESTIONS + "/" + id).ok().path("answers").path("Which checks?").asString())
                .isEqualTo("Lint, Types");

        // the session webhook expired: the plan comes through the OpenAPI's two-button card
        say(FakeDingTalkServer.withExpiredWebhook(dingtalk.textMessage(staff, "/current")));
        int mark = dingtalk.sentTo(chat).size();
        String plan = runner.post(INTERNAL_QUESTIONS, Map.of("session_id", task[0], "tool_name", "ExitPlanMode",
                "tool_input", Map.of("plan", "1. Do it\n2. Test it"))).ok().path("id").asString();
        FakeDingTalkServer.Sent proposed = nextMessage(mark);
        assertThat(proposed.via()).isEqualTo("openapi");
        assertThat(proposed.kind()).isEqualTo("sampleActionCard2");
        assertThat(proposed.text()).contains("proposes a plan").contains("2. Test it");
        assertThat(proposed.buttonContents()).containsExactly("/press p:" + plan + ":1", "/press p:" + plan + ":0");
        say(dingtalk.buttonTap(staff, proposed.buttonUrls().get(0)));
        assertThat(runner.get(INTERNAL_QUESTIONS + "/" + plan).ok().path("answers").path("approved").asString())
                .isEqualTo("true");
    }

    @Test
    void answerIsTheFallbackAndManyOptionsBecomeLinksOnTheOpenApi() {
        String[] task = runningTask("fallback please");
        say(FakeDingTalkServer.withExpiredWebhook(dingtalk.textMessage(staff, "/current")));
        int before = dingtalk.sentTo(chat).size();
        List<Map<String, String>> options = List.of(Map.of("label", "A"), Map.of("label", "B"), Map.of("label", "C"),
                Map.of("label", "D"), Map.of("label", "E"), Map.of("label", "F"));
        String id = runner.post(INTERNAL_QUESTIONS, Map.of("session_id", task[0], "tool_name", "AskUserQuestion",
                "tool_input", Map.of("questions", List.of(Map.of("question", "Letter?", "options", options))))).ok()
                .path("id").asString();
        FakeDingTalkServer.Sent asked = nextMessage(before);
        assertThat(asked.kind()).isEqualTo("sampleMarkdown");
        assertThat(asked.buttonLabels()).containsExactly("A", "B", "C", "D", "E", "F");
        assertThat(say("/answer " + id + " {\"Letter?\": \"F\"}")).contains("Answer submitted");
        assertThat(runner.get(INTERNAL_QUESTIONS + "/" + id).ok().path("answers").path("Letter?").asString())
                .isEqualTo("F");
        assertThat(say("/answer " + id + " {\"Letter?\": \"A\"}")).contains("not pending");
    }

    @Test
    void aFailedDeliveryIsRetriedUntilDingTalkTakesIt() {
        String[] task = runningTask("flaky network");
        dingtalk.fail(FakeDingTalkServer.WEBHOOK, 2, 502).fail(FakeDingTalkServer.ONE_TO_ONE, 1, 500)
                .fail(FakeDingTalkServer.ONE_TO_ONE, 1, 429);
        int before = dingtalk.sentTo(chat).size();
        assistantSays(task[0], task[1], "delivered in the end");
        assertThat(nextMessage(before).text()).isEqualTo("delivered in the end");
        List<Integer> statuses = dingtalk.calls(FakeDingTalkServer.ONE_TO_ONE).stream()
                .filter(c -> c.body().toString().contains("delivered in the end")).map(FakeDingTalkServer.Call::status)
                .toList();
        assertThat(statuses).containsExactly(500, 429);
        await().atMost(Duration.ofSeconds(10)).until(() -> undelivered() == 0);
        // delivered once (the run may meanwhile have failed for want of heartbeats: that is announced apart)
        assertThat(dingtalk.sentTo(chat).stream().skip(before).map(FakeDingTalkServer.Sent::text)
                .filter(t -> t.contains("delivered in the end"))).containsExactly("delivered in the end");
        assertThat(provider("dingtalk").path("last_error").asString()).contains("429");
    }

    @Test
    void aLongTextIsSplitOnLinesWithinTheLimit() {
        String[] task = runningTask("long please");
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 5_000; i++) {
            text.append("line ").append(i).append(": 中文也可以\n");
        }
        text.append("```\ncode block that\nstays intact\n```");
        int before = dingtalk.sentTo(chat).size();
        assistantSays(task[0], task[1], text.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> undelivered() == 0);
        List<FakeDingTalkServer.Sent> parts = dingtalk.sentTo(chat).stream().skip(before).toList();
        assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
        StringBuilder visible = new StringBuilder();
        for (FakeDingTalkServer.Sent p : parts) {
            assertThat(p.text().length()).isLessThanOrEqualTo(1800);
            assertThat(p.text()).doesNotStartWith("\n");
            visible.append(p.text()).append('\n');
        }
        for (int i = 0; text.indexOf("line " + i + ":") >= 0; i++) {
            assertThat(visible.toString()).contains("line " + i + ": 中文也可以\n");
        }
        assertThat(parts.getLast().text()).endsWith("```\ncode block that\nstays intact\n```");
    }

    @Test
    void anUnlinkedChatGetsNoMoreNotifications() {
        String[] task = runningTask("watched");
        JsonNode links = alice.get("/api/v1/im/links").ok();
        alice.delete("/api/v1/im/links/" + links.get(0).path("id").asString()).ok();
        int before = dingtalk.sentTo(chat).size();
        assistantSays(task[0], task[1], "nobody should see this");
        callback(task[0], task[1], "completed", null);
        assertThat(say("/help")).contains("not linked");
        assertThat(dingtalk.sentTo(chat).stream().skip(before).map(FakeDingTalkServer.Sent::text))
                .noneMatch(t -> t.contains("nobody should see this") || t.contains("Task finished"));
    }
}
