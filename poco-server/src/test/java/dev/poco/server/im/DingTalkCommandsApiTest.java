package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.dingtalk.FakeDingTalkServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Linking and commands over the stream, groups, the reply paths, the stream's resilience and the webhook's checks. */
class DingTalkCommandsApiTest extends DingTalkApiTest {

    @Test
    void anUnlinkedChatGetsOnlyTheLinkingInstructionsThroughTheSessionWebhook() {
        for (String text : List.of("/help", "/list", "/new do something", "hello there", "")) {
            FakeDingTalkServer.Sent reply = say(dingtalk.textMessage(staff, text));
            assertThat(reply.text()).as(text).contains("not linked to a Poco account").contains("/link");
            assertThat(reply.via()).isEqualTo("webhook");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM im_channels WHERE provider = 'dingtalk' AND chat_id = :c"
                + " AND user_id IS NULL").param("c", chat).query(Integer.class).single()).isEqualTo(1);
        assertThat(say("/link NOPE1234")).contains("unknown, used or expired");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void commandsAnswerInTheChatsLanguage(String lang) {
        linkToAlice();
        boolean zh = lang.equals("zh");
        assertThat(say(zh ? "/lang 中文" : "/lang en")).isEqualTo(zh ? "回复语言已设为中文。" : "Replies are now in English.");
        List<String[]> table = List.of(
                new String[] {"/help", zh ? "Poco 命令" : "Poco commands"},
                new String[] {"／help", zh ? "Poco 命令" : "Poco commands"}, // a Chinese keyboard's full-width slash
                new String[] {"/list", zh ? "还没有会话" : "No sessions yet"},
                new String[] {"/current", zh ? "当前没有连接会话" : "No session is connected"},
                new String[] {"/connect", zh ? "用法：/connect" : "Usage: /connect"},
                new String[] {"/new", zh ? "用法：/new" : "Usage: /new"},
                new String[] {"/answer", zh ? "用法：/answer" : "Usage: /answer"});
        for (String[] row : table) {
            assertThat(say(row[0])).as(row[0]).contains(row[1]);
        }
        String created = say(zh ? "/new 写一首关于测试的俳句" : "/new write a haiku about tests");
        assertThat(created).contains(zh ? "已创建任务" : "Task created").contains("queued")
                .contains("http://poco.test/s/");
        String session = boundSession();
        assertThat(say("/list")).contains(session.substring(0, 8)).contains(zh ? "👉 当前" : "👉 current");
        assertThat(say("continue")).contains(zh ? "已创建任务" : "Task created");
        assertThat(alice.get("/api/v1/sessions/" + session + "/messages").ok()).hasSize(2);
    }

    @Test
    void inGroupsOnlyMessagesThatMentionTheBotCount() {
        String group = "cidGroup" + staff;
        dingtalk.push(dingtalk.groupMessage(group, staff, "just chatting", false));
        FakeDingTalkServer.Sent reply = say(dingtalk.groupMessage(group, staff, "/help", true));
        assertThat(reply.text()).contains("not linked");
        assertThat(dingtalk.sentTo(group)).hasSize(1);
        // the group is its own chat, apart from the user's one-to-one chat
        assertThat(jdbc.sql("SELECT chat_type FROM im_channels WHERE provider = 'dingtalk' AND chat_id = :c")
                .param("c", group).query(String.class).single()).isEqualTo("group");
    }

    @Test
    void anExpiredSessionWebhookFallsBackToTheOpenApi() {
        FakeDingTalkServer.Sent reply = say(FakeDingTalkServer.withExpiredWebhook(dingtalk.textMessage(staff, "/help")));
        assertThat(reply.via()).isEqualTo("openapi");
        assertThat(reply.kind()).isEqualTo("sampleText");
        assertThat(reply.text()).contains("not linked");

        String group = "cidExpired" + staff;
        reply = say(FakeDingTalkServer.withExpiredWebhook(dingtalk.groupMessage(group, staff, "/help", true)));
        assertThat(reply.via()).isEqualTo("openapi");
        assertThat(dingtalk.calls(FakeDingTalkServer.GROUP).getLast().body().path("openConversationId").asString())
                .isEqualTo(group);

        // a webhook DingTalk stopped accepting before its announced expiry: refused, then the OpenAPI
        int refused = refusedWebhookCalls();
        dingtalk.rejectSessionWebhooks(true);
        try {
            assertThat(say("/help")).contains("not linked");
        } finally {
            dingtalk.rejectSessionWebhooks(false);
        }
        assertThat(dingtalk.sentTo(chat).getLast().via()).isEqualTo("openapi");
        assertThat(refusedWebhookCalls()).isEqualTo(refused + 1);
    }

    private static int refusedWebhookCalls() {
        return (int) dingtalk.calls(FakeDingTalkServer.WEBHOOK).stream()
                .filter(c -> c.answer().path("errcode").asInt(0) != 0).count();
    }

    @Test
    void aSessionWebhookOutsideDingTalkIsNeverCalled() {
        ObjectNode message = dingtalk.textMessage(staff, "/help");
        message.put("sessionWebhook", "http://127.0.0.1:1/internal?session=x");
        FakeDingTalkServer.Sent reply = say(message);
        assertThat(reply.via()).isEqualTo("openapi");
        assertThat(reply.text()).contains("not linked");
    }

    @Test
    void theAccessTokenIsCachedAndFetchedAgainWhenRefused() {
        say(FakeDingTalkServer.withExpiredWebhook(dingtalk.textMessage(staff, "/help")));
        int tokens = dingtalk.calls(FakeDingTalkServer.TOKEN).size();
        say(FakeDingTalkServer.withExpiredWebhook(dingtalk.textMessage(staff, "/help")));
        say(FakeDingTalkServer.withExpiredWebhook(dingtalk.textMessage(staff, "/help")));
        assertThat(dingtalk.calls(FakeDingTalkServer.TOKEN)).hasSize(tokens);

        dingtalk.revokeTokens();
        FakeDingTalkServer.Sent reply = say(FakeDingTalkServer.withExpiredWebhook(dingtalk.textMessage(staff, "/help")));
        assertThat(reply.text()).contains("not linked");
        assertThat(dingtalk.calls(FakeDingTalkServer.TOKEN)).hasSize(tokens + 1);
        assertThat(dingtalk.calls(FakeDingTalkServer.ONE_TO_ONE).stream().map(FakeDingTalkServer.Call::status))
                .contains(401);
    }

    @Test
    void theStreamReconnectsAndNothingPushedMeanwhileIsLost() {
        await().atMost(Duration.ofSeconds(20)).until(() -> dingtalk.connected() == 1);
        int opened = dingtalk.connectionsOpened();
        dingtalk.requestDisconnect();
        await().atMost(Duration.ofSeconds(20)).until(() -> dingtalk.connectionsOpened() > opened
                && dingtalk.connected() == 1);
        assertThat(say("/help")).contains("not linked");

        int before = dingtalk.sentTo(chat).size();
        dingtalk.fail(FakeDingTalkServer.GATEWAY, 2, 503);
        dingtalk.dropConnections();
        String frame = dingtalk.push(dingtalk.textMessage(staff, "/help")); // while no connection is up
        assertThat(nextMessage(before).text()).contains("not linked");
        await().atMost(Duration.ofSeconds(10)).until(() -> dingtalk.acked(frame));
        assertThat(dingtalk.calls(FakeDingTalkServer.GATEWAY).stream().map(FakeDingTalkServer.Call::status))
                .contains(503);
    }

    @Test
    void pingsAreAnsweredWithTheirOwnData() {
        await().atMost(Duration.ofSeconds(20)).until(() -> dingtalk.connected() == 1);
        String ping = dingtalk.pushFrame("SYSTEM", "ping", "{\"opaque\":\"abc-123\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> dingtalk.acked(ping));
        JsonNode pong = dingtalk.acks().stream()
                .filter(a -> a.path("headers").path("messageId").asString().equals(ping)).findFirst().orElseThrow();
        assertThat(pong.path("code").asInt()).isEqualTo(200);
        assertThat(pong.path("message").asString()).isEqualTo("OK");
        assertThat(pong.path("data").asString()).isEqualTo("{\"opaque\":\"abc-123\"}");
    }

    @Test
    void malformedFramesAndOtherMessageTypesAreAcknowledgedAndNothingIsLost() {
        await().atMost(Duration.ofSeconds(20)).until(() -> dingtalk.connected() == 1);
        dingtalk.pushRaw("not json at all");
        dingtalk.pushRaw("[1, 2]");
        dingtalk.pushRaw("{\"type\": \"CALLBACK\"}");
        String badData = dingtalk.pushFrame("CALLBACK", FakeDingTalkServer.BOT_TOPIC, "not json");
        String noChat = dingtalk.pushFrame("CALLBACK", FakeDingTalkServer.BOT_TOPIC, "{\"text\": {\"content\": \"x\"}}");
        String picture = dingtalk.push(dingtalk.pictureMessage(staff));
        String event = dingtalk.pushFrame("EVENT", "chat_update_title", "{\"title\":\"x\"}");
        String card = dingtalk.pushFrame("CALLBACK", "/v1.0/card/instances/callback", "{}");
        assertThat(say("/help")).contains("not linked");
        await().atMost(Duration.ofSeconds(10)).until(() -> List.of(badData, noChat, picture, event, card).stream()
                .allMatch(dingtalk::acked));
        assertThat(dingtalk.sentTo(chat)).hasSize(1);
        JsonNode eventAck = dingtalk.acks().stream()
                .filter(a -> a.path("headers").path("messageId").asString().equals(event)).findFirst().orElseThrow();
        assertThat(eventAck.path("data").asString()).contains("SUCCESS");

        signedWebhook("not json").error(400, 40000);
        signedWebhook("[1]").error(400, 40000);
        for (String body : List.of("{}", "{\"msgtype\": \"text\"}", dingtalk.pictureMessage(staff).toString(),
                "{\"conversationId\": \"c\", \"msgId\": \"m\", \"text\": 5}")) {
            assertThat(signedWebhook(body).status()).as(body).isEqualTo(200);
        }
        assertThat(dingtalk.sentTo(chat)).hasSize(1);
    }

    @Test
    void theWebhookRefusesAMissingWrongOrStaleSignature() {
        String body = dingtalk.textMessage(staff, "/help").toString();
        String now = String.valueOf(System.currentTimeMillis());
        String stale = String.valueOf(System.currentTimeMillis() - Duration.ofHours(2).toMillis());
        webhook(null, null, body).error(403, 40300);
        webhook(now, null, body).error(403, 40300);
        webhook(now, sign(now, "wrong-secret"), body).error(403, 40300);
        webhook(now, sign(now, CLIENT_SECRET) + "x", body).error(403, 40300);
        webhook(stale, sign(stale, CLIENT_SECRET), body).error(403, 40300);
        webhook("soon", sign("soon", CLIENT_SECRET), body).error(403, 40300);
        assertThat(dingtalk.sentTo(chat)).isEmpty();

        signedWebhook(body).ok();
        assertThat(dingtalk.sentTo(chat)).hasSize(1);
        assertThat(dingtalk.sentTo(chat).get(0).text()).contains("not linked");
    }

    @Test
    void aRepeatedMessageIsHandledOnce() {
        linkToAlice();
        ObjectNode message = dingtalk.textMessage(staff, "/new only once");
        int before = dingtalk.sentTo(chat).size();
        String first = dingtalk.push(message);
        nextMessage(before);
        String again = dingtalk.push(message.deepCopy()); // DingTalk redelivers: same msgId, new frame
        signedWebhook(message.toString()).ok(); // and the webhook brings it too
        await().atMost(Duration.ofSeconds(10)).until(() -> dingtalk.acked(first) && dingtalk.acked(again));
        assertThat(say("/help")).contains("Poco commands");
        assertThat(dingtalk.sentTo(chat)).hasSize(before + 2);
        assertThat(alice.get("/api/v1/sessions").ok()).extracting(s -> s.path("title").asString())
                .containsOnlyOnce("only once");
    }

    @Test
    void providersReportDingTalkConfiguredInStreamMode() {
        say("/help");
        JsonNode p = provider("dingtalk");
        assertThat(p.path("configured").asBoolean()).isTrue();
        assertThat(p.path("mode").asString()).isEqualTo("stream");
        assertThat(p.path("status").asString()).isIn("connected", "error");
        assertThat(p.path("last_event_at").isNull()).isFalse();
    }
}
