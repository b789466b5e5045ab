package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.server.auth.HostProperties;
import dev.poco.server.common.Json;
import dev.poco.server.im.telegram.TelegramProperties;
import dev.poco.server.im.telegram.TelegramReplica;
import dev.poco.server.support.FakeRunner;
import dev.poco.testkit.telegram.FakeTelegramServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Linking, commands in English and Chinese, groups, edits, repeats, and the webhook's checks. */
class TelegramCommandsApiTest extends TelegramApiTest {

    @Test
    void anUnlinkedChatGetsOnlyTheLinkingInstructions() {
        for (String text : List.of("/start", "/help", "/list", "/new do something", "hello there", "/connect 1")) {
            assertThat(say(text)).as(text).contains("not linked to a Poco account").contains("/link");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM im_channels WHERE chat_id = :c AND user_id IS NULL")
                .param("c", String.valueOf(chat)).query(Integer.class).single()).isEqualTo(1);
        assertThat(say("/link NOPE1234")).contains("unknown, used or expired");
    }

    @Test
    void aLinkCodeWorksOnceAndTheLinkIsListedAndRevocableByItsOwnerOnly() {
        String code = alice.post("/api/v1/im/link-codes", null).ok().path("code").asString();
        assertThat(code).matches("[A-Z2-9]{8}");
        link(chat, user, code.toLowerCase()); // typed in lower case: still the code
        long otherChat = chat + 1;
        assertThat(say(otherChat, user, "/link " + code)).contains("unknown, used or expired");

        JsonNode links = alice.get("/api/v1/im/links").ok();
        assertThat(links).hasSize(1);
        assertThat(links.get(0).path("provider").asString()).isEqualTo("telegram");
        assertThat(links.get(0).path("chat_id").asString()).isEqualTo(String.valueOf(chat));
        String linkId = links.get(0).path("id").asString();
        assertThat(bob.get("/api/v1/im/links").ok()).isEmpty();
        bob.delete("/api/v1/im/links/" + linkId).error(404, 40400);
        assertThat(say("/help")).contains("Poco commands");

        alice.delete("/api/v1/im/links/" + linkId).ok();
        assertThat(alice.get("/api/v1/im/links").ok()).isEmpty();
        assertThat(say("/help")).contains("not linked");
    }

    @Autowired
    TelegramProperties telegramProperties;
    @Autowired
    ImInbound inbound;
    @Autowired
    ProviderStatusRepository status;
    @Autowired
    Json json;
    @Autowired
    HostProperties hosts;
    @Autowired
    DataSource dataSource;

    @Test
    void ofTwoReplicasOnlyOneLongPollsAtATime() {
        int getMes = telegram.calls("getMe").size();
        int polls = telegram.calls("getUpdates").size();
        int webhookRemovals = telegram.calls("deleteWebhook").size();
        SmartLifecycle replica = TelegramReplica.start(telegramProperties, inbound, status, json, hosts, dataSource);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> telegram.calls("getMe").size() > getMes);
            for (int i = 0; i < 5; i++) {
                assertThat(say(chat + i, user, "/help")).contains("not linked");
            }
            // Telegram answers 409 to a second concurrent getUpdates; the waiting replica never sends one
            assertThat(telegram.calls("getUpdates").stream().skip(polls).map(c -> c.status())).containsOnly(200);
            // it got no further than getMe: polling starts with deleteWebhook, after the lock
            assertThat(telegram.calls("deleteWebhook")).hasSize(webhookRemovals);
        } finally {
            replica.stop();
        }
    }

    @Test
    void aStartLinkCarriesTheCode() {
        String code = alice.post("/api/v1/im/link-codes", null).ok().path("code").asString();
        assertThat(say("/start " + code)).contains("acts for your Poco account");
        assertThat(alice.get("/api/v1/im/links").ok()).hasSize(1);
    }

    @Test
    void theOwnerCanSendATestMessageToALinkedChat() {
        linkToAlice();
        String linkId = alice.get("/api/v1/im/links").ok().get(0).path("id").asString();
        int before = telegram.sentTo(chat).size();
        alice.post("/api/v1/im/links/" + linkId + "/test", null).ok();
        assertThat(telegram.sentTo(chat).get(before).text()).contains("test message from Poco");
        bob.post("/api/v1/im/links/" + linkId + "/test", null).error(404, 40400);
        telegram.fail("sendMessage", 1, 500, 0);
        assertThat(alice.post("/api/v1/im/links/" + linkId + "/test", null).error(409, 40000).message())
                .contains("not delivered").contains("500");
        assertThat(telegram.sentTo(chat)).hasSize(before + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void commandsAnswerInTheChatsLanguage(String lang) {
        linkToAlice();
        assertThat(say("/lang " + lang)).isEqualTo(lang.equals("zh") ? "回复语言已设为中文。" : "Replies are now in English.");
        boolean zh = lang.equals("zh");
        List<String[]> table = List.of(
                new String[] {"/help", zh ? "Poco 命令" : "Poco commands"},
                new String[] {"/start", zh ? "/new <任务>" : "/new <task>"},
                new String[] {"/help@" + BOT, zh ? "Poco 命令" : "Poco commands"},
                new String[] {"/nonsense", zh ? "Poco 命令" : "Poco commands"},
                new String[] {"/list", zh ? "还没有会话" : "No sessions yet"},
                new String[] {"/link", zh ? "当前没有连接会话" : "No session is connected"},
                new String[] {"/current", zh ? "当前没有连接会话" : "No session is connected"},
                new String[] {"/watches", zh ? "没有订阅任何会话" : "watches no session"},
                new String[] {"/connect", zh ? "用法：/connect" : "Usage: /connect"},
                new String[] {"/connect 7", zh ? "找不到会话：7" : "Session not found: 7"},
                new String[] {"/watch", zh ? "用法：/watch" : "Usage: /watch"},
                new String[] {"/unwatch", zh ? "用法：/unwatch" : "Usage: /unwatch"},
                new String[] {"/unwatch 3", zh ? "本聊天没有订阅 3" : "This chat does not watch 3"},
                new String[] {"/new", zh ? "用法：/new" : "Usage: /new"},
                new String[] {"/answer", zh ? "用法：/answer" : "Usage: /answer"},
                new String[] {"/answer 5a4b5c1e-0000-4000-8000-000000000000 not-json", zh ? "必须是 JSON 对象" : "must be a JSON object"},
                new String[] {"/clear", zh ? "已断开连接" : "Disconnected."},
                new String[] {"/lang xx", zh ? "用法：/lang" : "Usage: /lang"});
        for (String[] row : table) {
            assertThat(say(row[0])).as(row[0]).contains(row[1]);
        }

        String created = say("/new write a haiku about tests");
        assertThat(created).contains(zh ? "已创建任务" : "Task created").contains("queued")
                .contains("http://poco.test/s/");
        String session = boundSession();
        assertThat(say("/link")).contains(session).contains(zh ? "当前会话" : "Connected session");
        assertThat(say("/list")).contains("write a haiku about tests").contains(session.substring(0, 8))
                .contains(zh ? "👉 当前" : "👉 current");
        assertThat(say("/watches")).contains(session);
        assertThat(say("/clear")).contains(zh ? "已断开连接" : "Disconnected.");
        assertThat(say("/connect 1")).contains(zh ? "已连接会话 " + session : "Connected to session " + session);
        assertThat(say("/unwatch 1")).contains(zh ? "已取消订阅 " + session : "Stopped watching " + session);
        assertThat(say("/watch " + session)).contains(session);
        assertThat(alice.get("/api/v1/sessions/" + session).ok().path("title").asString())
                .isEqualTo("write a haiku about tests");
    }

    @Test
    void aNewChatWhoseSenderUsesChineseStartsInChinese() {
        ObjectNode update = telegram.textUpdate(chat, user, "/help");
        ((ObjectNode) update.path("message").path("from")).put("language_code", "zh-hans");
        telegram.pushUpdate(update);
        assertThat(nextMessage(chat, 0).text()).contains("尚未关联");
    }

    @Test
    void anotherUsersSessionCannotBeConnectedWatchedOrContinued() {
        linkToAlice();
        FakeRunner bobsRunner = new FakeRunner(runner);
        String bobs = bob.post("/api/v1/tasks", bobsRunner.task("bob's secret work")).ok().path("session_id").asString();

        assertThat(say("/connect " + bobs)).contains("Session not found: " + bobs);
        assertThat(say("/watch " + bobs)).contains("Session not found: " + bobs);
        assertThat(say("/list")).doesNotContain("bob's secret work");
        String answer = say("continue please");
        assertThat(answer).contains("Task created");
        assertThat(boundSession()).isNotEqualTo(bobs);
        assertThat(bob.get("/api/v1/sessions/" + bobs + "/messages").ok()).hasSize(1);
    }

    @Test
    void plainTextContinuesTheBoundSession() {
        linkToAlice();
        say("first task");
        String session = boundSession();
        assertThat(say("and a follow-up")).contains("Task created");
        assertThat(boundSession()).isEqualTo(session);
        assertThat(alice.get("/api/v1/sessions/" + session + "/messages").ok()).hasSize(2);
    }

    @Test
    void aRepeatedUpdateIsHandledOnceAndAnEditIsHandledAgain() {
        linkToAlice();
        ObjectNode original = telegram.textUpdate(chat, user, "/new first version");
        int before = telegram.sentTo(chat).size();
        telegram.pushUpdate(original);
        nextMessage(chat, before);
        // Telegram resends an update it thinks was not received: same message, new update id
        ObjectNode again = original.deepCopy();
        again.remove("update_id");
        telegram.pushUpdate(again);
        ObjectNode edit = telegram.editUpdate(chat, user, FakeTelegramServer.messageId(original), "/new second version");
        telegram.pushUpdate(edit);
        FakeTelegramServer.Sent afterEdit = nextMessage(chat, before + 1);
        assertThat(afterEdit.text()).contains("Task created");
        JsonNode sessions = alice.get("/api/v1/sessions").ok();
        assertThat(sessions).extracting(s -> s.path("title").asString())
                .containsExactlyInAnyOrder("first version", "second version");
        assertThat(say("/help")).contains("Poco commands"); // and nothing else came in between
        assertThat(telegram.sentTo(chat)).hasSize(before + 3);
    }

    @Test
    void inGroupsOnlyMessagesThatNameTheBotCount() {
        int before = telegram.sentTo(chat).size();
        telegram.pushUpdate(telegram.groupTextUpdate(chat, user, "just chatting"));
        telegram.pushUpdate(telegram.groupTextUpdate(chat, user, "/help@OtherBot"));
        telegram.pushUpdate(telegram.groupTextUpdate(chat, user, "/help@" + BOT));
        assertThat(nextMessage(chat, before).text()).contains("not linked");
        telegram.pushUpdate(telegram.groupTextUpdate(chat, user, "@" + BOT + " /start"));
        assertThat(nextMessage(chat, before + 1).text()).contains("not linked");
        assertThat(say("/help")).contains("not linked"); // a private chat with the same id: still one per message
        assertThat(telegram.sentTo(chat)).hasSize(before + 3);
    }

    @Test
    void theWebhookRefusesAWrongOrMissingSecret() {
        String body = telegram.textUpdate(chat, user, "/help").toString();
        webhook(null, body).error(403, 40300);
        webhook("wrong", body).error(403, 40300);
        webhook(SECRET + "x", body).error(403, 40300);
        assertThat(telegram.sentTo(chat)).isEmpty();

        webhook(SECRET, body).ok();
        assertThat(telegram.sentTo(chat)).hasSize(1);
        assertThat(telegram.sentTo(chat).get(0).text()).contains("not linked");
    }

    @Test
    void malformedAndUnknownUpdatesAreNeverA5xx() {
        webhook(SECRET, "not json at all").error(400, 40000);
        webhook(SECRET, "[1, 2]").error(400, 40000);
        webhook(SECRET, "").error(400, 40000);
        for (String body : List.of("{}", "{\"update_id\": 1}", "{\"message\": 5}", "{\"message\": {\"chat\": \"x\"}}",
                "{\"message\": {\"chat\": {\"id\": 1}, \"text\": 42}}",
                "{\"callback_query\": {\"id\": \"x\"}}", "{\"channel_post\": {\"text\": \"hi\"}}",
                telegram.stickerUpdate(chat, user).toString())) {
            assertThat(webhook(SECRET, body).status()).as(body).isEqualTo(200);
        }
        // a sticker through the long poll too: the next real message is still answered, nothing else was sent
        telegram.pushUpdate(telegram.stickerUpdate(chat, user));
        assertThat(say("/help")).contains("not linked");
        assertThat(telegram.sentTo(chat)).hasSize(1);
    }

    @Test
    void providersReportTelegramConfiguredAndPolling() {
        await().atMost(Duration.ofSeconds(20)).until(() -> !telegram.calls("getUpdates").isEmpty());
        say("/help");
        JsonNode providers = alice.get("/api/v1/im/providers").ok();
        JsonNode tg = java.util.stream.StreamSupport.stream(providers.spliterator(), false)
                .filter(p -> p.path("provider").asString().equals("telegram")).findFirst().orElseThrow();
        assertThat(tg.path("provider").asString()).isEqualTo("telegram");
        assertThat(tg.path("configured").asBoolean()).isTrue();
        assertThat(tg.path("mode").asString()).isEqualTo("polling");
        assertThat(tg.path("account").asString()).isEqualTo(BOT);
        assertThat(tg.path("last_event_at").isNull()).isFalse();
        assertThat(telegram.calls("deleteWebhook")).isNotEmpty();
        anonymous.get("/api/v1/im/links").error(401, 40100);
        Map<String, Object> none = Map.of();
        anonymous.post("/api/v1/im/link-codes", none).error(401, 40100);
    }
}
