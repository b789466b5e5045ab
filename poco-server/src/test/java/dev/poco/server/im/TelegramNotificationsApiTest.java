package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.server.auth.HostProperties;
import dev.poco.server.common.ChangeNotifiers;
import dev.poco.server.common.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Push: the agent's text, questions with buttons, outcomes; retries, order, two dispatchers, long texts. */
class TelegramNotificationsApiTest extends TelegramApiTest {

    private static final String INTERNAL_QUESTIONS = "/api/v1/internal/user-input-requests";

    @Autowired
    OutboxRepository outbox;
    @Autowired
    List<ImChannel> channels;
    @Autowired
    ImProperties properties;
    @Autowired
    ProviderStatusRepository status;
    @Autowired
    ChangeNotifiers notifiers;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    Json json;
    @Autowired
    HostProperties hosts;

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
    void plainTextStartsARunAndTheAnswerAndTheOutcomeArriveOnce() {
        String[] task = runningTask("what is 6 times 7?");
        int before = telegram.sentTo(chat).size();
        assistantSays(task[0], task[1], "The answer is **42**, see `math`.");
        FakeTelegramServer_Sent answer = FakeTelegramServer_Sent.of(nextMessage(chat, before));
        assertThat(answer.text()).isEqualTo("The answer is <b>42</b>, see <code>math</code>.");
        assertThat(answer.parseMode()).isEqualTo("HTML");

        callback(task[0], task[1], "completed", null);
        assertThat(nextMessage(chat, before + 1).text()).startsWith("✅ Task finished")
                .contains("what is 6 times 7?").contains("http://poco.test/s/" + task[0]);
        // the run's later updates (and a repeated terminal callback) announce nothing more
        runner.post("/api/v1/callback", Map.of("session_id", task[0], "run_id", task[1], "status", "completed",
                "progress", 100, "seq", 99)).ok();
        await().atMost(Duration.ofSeconds(10)).until(() -> undelivered() == 0);
        assertThat(telegram.sentTo(chat).subList(before, telegram.sentTo(chat).size()))
                .extracting(s -> s.text().startsWith("✅ Task finished")).containsExactly(false, true);
    }

    @Test
    void aFailedAndACanceledRunAreAnnounced() {
        String[] task = runningTask("doomed");
        int before = telegram.sentTo(chat).size();
        callback(task[0], task[1], "failed", null);
        String failed = nextMessage(chat, before).text();
        assertThat(failed).startsWith("❌ Task failed");

        assertThat(say("another one")).contains("Task created");
        String run2 = latestRun(task[0]);
        int mark = telegram.sentTo(chat).size();
        alice.post("/api/v1/sessions/" + task[0] + "/cancel", Map.of()).ok();
        await().atMost(Duration.ofSeconds(20)).until(() -> telegram.sentTo(chat).stream().skip(mark)
                .anyMatch(s -> s.text().startsWith("🚫 Task canceled")));
        assertThat(run2).isNotEqualTo(task[1]);
    }

    @Test
    void aQuestionArrivesWithButtonsAndAPressAnswersIt() {
        String[] task = runningTask("ask me something");
        int before = telegram.sentTo(chat).size();
        JsonNode question = runner.post(INTERNAL_QUESTIONS, Map.of("session_id", task[0], "tool_name",
                "AskUserQuestion", "tool_input", Map.of("questions", List.of(Map.of("question", "Which database?",
                        "header", "DB", "multiSelect", false, "options", List.of(
                                Map.of("label", "PostgreSQL", "description", "the real one"),
                                Map.of("label", "SQLite"))))))).ok();
        String id = question.path("id").asString();
        var asked = nextMessage(chat, before);
        assertThat(asked.text()).contains("The agent needs your input").contains("Which database?")
                .contains("PostgreSQL").contains("/answer " + id);
        assertThat(asked.buttonLabels()).containsExactly("PostgreSQL", "SQLite");
        assertThat(asked.buttonData()).containsExactly("q:" + id + ":0:0", "q:" + id + ":0:1");

        telegram.pushUpdate(telegram.buttonPress(chat, user, asked.buttonData().get(1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> runner.get(INTERNAL_QUESTIONS + "/" + id).ok()
                .path("status").asString().equals("answered"));
        assertThat(runner.get(INTERNAL_QUESTIONS + "/" + id).ok().path("answers").path("Which database?").asString())
                .isEqualTo("SQLite");
        await().atMost(Duration.ofSeconds(10)).until(() -> telegram.calls("answerCallbackQuery").stream()
                .anyMatch(c -> c.body().path("text").asString().contains("Answer submitted")));
        // a second press on the same, now closed, question changes nothing
        telegram.pushUpdate(telegram.buttonPress(chat, user, asked.buttonData().get(0)));
        await().atMost(Duration.ofSeconds(10)).until(() -> telegram.calls("answerCallbackQuery").stream()
                .anyMatch(c -> c.body().path("text").asString().contains("no longer open")));
        assertThat(runner.get(INTERNAL_QUESTIONS + "/" + id).ok().path("answers").path("Which database?").asString())
                .isEqualTo("SQLite");
    }

    @Test
    void multiSelectPicksAreSubmittedTogetherAndPlansGetApproveButtons() {
        String[] task = runningTask("several questions");
        int before = telegram.sentTo(chat).size();
        String id = runner.post(INTERNAL_QUESTIONS, Map.of("session_id", task[0], "tool_name", "AskUserQuestion",
                "tool_input", Map.of("questions", List.of(
                        Map.of("question", "Which checks?", "header", "Checks", "multiSelect", true,
                                "options", List.of(Map.of("label", "Lint"), Map.of("label", "Types"),
                                        Map.of("label", "Tests"))))))).ok().path("id").asString();
        var asked = nextMessage(chat, before);
        assertThat(asked.buttonData()).containsExactly("q:" + id + ":0:0", "q:" + id + ":0:1", "q:" + id + ":0:2",
                "qs:" + id);
        for (String data : List.of("q:" + id + ":0:0", "q:" + id + ":0:2", "q:" + id + ":0:1", "q:" + id + ":0:2")) {
            int presses = telegram.calls("answerCallbackQuery").size();
            telegram.pushUpdate(telegram.buttonPress(chat, user, data));
            await().atMost(Duration.ofSeconds(10)).until(() -> telegram.calls("answerCallbackQuery").size() > presses);
        }
        telegram.pushUpdate(telegram.buttonPress(chat, user, "qs:" + id));
        await().atMost(Duration.ofSeconds(20)).until(() -> runner.get(INTERNAL_QUESTIONS + "/" + id).ok()
                .path("status").asString().equals("answered"));
        assertThat(runner.get(INTERNAL_QUESTIONS + "/" + id).ok().path("answers").path("Which checks?").asString())
                .isEqualTo("Lint, Types");

        int mark = telegram.sentTo(chat).size();
        String plan = runner.post(INTERNAL_QUESTIONS, Map.of("session_id", task[0], "tool_name", "ExitPlanMode",
                "tool_input", Map.of("plan", "1. Do it\n2. Test it"))).ok().path("id").asString();
        var proposed = telegram.sentTo(chat).size() > mark ? telegram.sentTo(chat).get(mark) : nextMessage(chat, mark);
        assertThat(proposed.text()).contains("proposes a plan").contains("2. Test it");
        assertThat(proposed.buttonData()).containsExactly("p:" + plan + ":1", "p:" + plan + ":0");
        telegram.pushUpdate(telegram.buttonPress(chat, user, "p:" + plan + ":1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> runner.get(INTERNAL_QUESTIONS + "/" + plan).ok()
                .path("answers").path("approved").asString("").equals("true"));
    }

    @Test
    void answerIsTheFallbackForQuestions() {
        String[] task = runningTask("fallback please");
        int before = telegram.sentTo(chat).size();
        String id = runner.post(INTERNAL_QUESTIONS, Map.of("session_id", task[0], "tool_name", "AskUserQuestion",
                "tool_input", Map.of("questions", List.of(Map.of("question", "Name?", "options", List.of()))))).ok()
                .path("id").asString();
        nextMessage(chat, before);
        assertThat(say("/answer " + id + " {\"Name?\": \"Poco\"}")).contains("Answer submitted");
        assertThat(runner.get(INTERNAL_QUESTIONS + "/" + id).ok().path("answers").path("Name?").asString())
                .isEqualTo("Poco");
        assertThat(say("/answer " + id + " {\"Name?\": \"again\"}")).contains("not pending");
    }

    @Test
    void aFailedDeliveryIsRetriedUntilTelegramTakesIt() {
        String[] task = runningTask("flaky network");
        telegram.fail("sendMessage", 1, 500, 0).fail("sendMessage", 1, 429, 1);
        int before = telegram.sentTo(chat).size();
        assistantSays(task[0], task[1], "delivered in the end");
        assertThat(nextMessage(chat, before).text()).isEqualTo("delivered in the end");
        List<Integer> statuses = telegram.calls("sendMessage").stream()
                .filter(c -> c.body().path("text").asString().equals("delivered in the end"))
                .map(c -> c.status()).toList();
        assertThat(statuses).containsExactly(500, 429, 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> undelivered() == 0);
        JsonNode providers = alice.get("/api/v1/im/providers").ok();
        assertThat(java.util.stream.StreamSupport.stream(providers.spliterator(), false)
                .filter(p -> p.path("provider").asString().equals("telegram")).findFirst().orElseThrow()
                .path("last_error").asString()).contains("429");
    }

    @Test
    void twoDispatchersOnOneDatabaseDeliverEachNotificationOnceAndInOrder() {
        String[] task = runningTask("many messages");
        ImDispatcher second = new ImDispatcher(outbox, channels, properties, status, notifiers, tx, json, hosts);
        second.start();
        int before = telegram.sentTo(chat).size();
        try {
            List<String> texts = IntStream.range(0, 30).mapToObj(i -> "message number " + i).toList();
            texts.forEach(t -> assistantSays(task[0], task[1], t));
            await().atMost(Duration.ofSeconds(30)).until(() -> undelivered() == 0
                    && telegram.sentTo(chat).size() >= before + texts.size());
            List<String> got = new ArrayList<>();
            telegram.sentTo(chat).stream().skip(before).forEach(s -> got.add(s.text()));
            assertThat(got).containsExactlyElementsOf(texts);
        } finally {
            second.stop();
        }
    }

    @Autowired
    ImDispatcher dispatcher;

    @Test
    void aNotificationWrittenWhileNoDispatcherRunsIsDeliveredByTheNextOne() {
        String[] task = runningTask("restart in between");
        int before = telegram.sentTo(chat).size();
        dispatcher.stop(); // the server stops between the event and its delivery
        ImDispatcher next = new ImDispatcher(outbox, channels, properties, status, notifiers, tx, json, hosts);
        try {
            assistantSays(task[0], task[1], "written before the restart");
            assertThat(undelivered()).isEqualTo(1);
            assertThat(telegram.sentTo(chat)).hasSize(before);
            next.start(); // the next server's dispatcher
            assertThat(nextMessage(chat, before).text()).isEqualTo("written before the restart");
            await().atMost(Duration.ofSeconds(10)).until(() -> undelivered() == 0);
            assertThat(telegram.sentTo(chat)).hasSize(before + 1);
        } finally {
            next.stop();
            dispatcher.start();
        }
    }

    @Test
    void aLongTextIsSplitOnLinesWithinTelegramsLimit() {
        String[] task = runningTask("long please");
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 10_000; i++) {
            text.append("line ").append(i).append(": a < b && c > d\n");
        }
        text.append("```\ncode block that\nstays intact\n```");
        int before = telegram.sentTo(chat).size();
        assistantSays(task[0], task[1], text.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> undelivered() == 0);
        List<FakeTelegramServer_Sent> parts = telegram.sentTo(chat).stream().skip(before)
                .map(FakeTelegramServer_Sent::of).toList();
        assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
        StringBuilder visible = new StringBuilder();
        for (FakeTelegramServer_Sent p : parts) {
            assertThat(p.text().length()).isLessThanOrEqualTo(4096);
            String plain = p.text().replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&amp;", "&");
            visible.append(plain).append('\n');
        }
        assertThat(visible.toString()).contains("line 0: a < b && c > d\nline 1:").contains("code block that\nstays intact");
        assertThat(parts.get(parts.size() - 1).text()).contains("<pre><code>code block that\nstays intact</code></pre>");
        for (int i = 0; i < 300; i++) {
            assertThat(visible.toString()).contains("line " + i + ": a < b && c > d\n");
        }
    }

    @Test
    void watchedSessionsNotifyButAnUnlinkedChatGetsNothingMore() {
        String[] task = runningTask("watched");
        String linkId = alice.get("/api/v1/im/links").ok().get(0).path("id").asString();
        alice.delete("/api/v1/im/links/" + linkId).ok();
        int before = telegram.sentTo(chat).size();
        assistantSays(task[0], task[1], "nobody should see this");
        callback(task[0], task[1], "completed", null);
        assertThat(say("/help")).contains("not linked"); // the dispatcher had its chance: nothing else came
        assertThat(telegram.sentTo(chat).stream().skip(before).map(s -> s.text()))
                .noneMatch(t -> t.contains("nobody should see this") || t.contains("Task finished"));
    }

    /** A tiny view of a sent message, to keep assertions short. */
    record FakeTelegramServer_Sent(String text, String parseMode) {
        static FakeTelegramServer_Sent of(dev.poco.testkit.telegram.FakeTelegramServer.Sent s) {
            return new FakeTelegramServer_Sent(s.text(), s.parseMode() == null ? "" : s.parseMode());
        }
    }
}
