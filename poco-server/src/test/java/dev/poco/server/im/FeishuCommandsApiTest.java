package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.feishu.FakeFeishuServer;
import dev.poco.testkit.feishu.FeishuEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The webhook's checks (token, signature, encryption), linking, commands in English and Chinese, groups, repeats. */
class FeishuCommandsApiTest extends FeishuApiTest {

    @Test
    void theUrlVerificationIsAnsweredWithItsChallengePlainOrEncrypted() {
        // Feishu sends the verification unsigned: plain JSON, or encrypted when the app has an Encrypt Key
        ObjectNode verification = events.urlVerification("challenge-" + chat);
        FeishuEvents.Response plain = FeishuEvents.post(webhookUrl(),
                new FeishuEvents.Callback(verification.toString(), Map.of()));
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.json().path("challenge").asString()).isEqualTo("challenge-" + chat);
        assertThat(plain.json().size()).isEqualTo(1);

        FeishuEvents.Response encrypted = FeishuEvents.post(webhookUrl(), new FeishuEvents.Callback(
                "{\"encrypt\":\"" + FeishuEvents.encrypt(verification.toString(), ENCRYPT_KEY) + "\"}", Map.of()));
        assertThat(encrypted.status()).isEqualTo(200);
        assertThat(encrypted.json().path("challenge").asString()).isEqualTo("challenge-" + chat);

        FeishuEvents.Response wrong = FeishuEvents.post(webhookUrl(), new FeishuEvents.Callback(
                events.withToken("not-the-token").urlVerification("x").toString(), Map.of()));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.json().path("code").asInt()).isEqualTo(40300);
    }

    @Test
    void aWrongTokenOrSignatureIsRefusedAndNothingIsHandled() {
        ObjectNode help = events.text(chat, user, "/help");
        FeishuEvents impostor = events.withToken("vt-wrong");
        FeishuEvents.Response wrongToken = FeishuEvents.post(webhookUrl(),
                impostor.callback(impostor.text(chat, user, "/help")));
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(wrongToken.json().path("code").asInt()).isEqualTo(40300);
        assertThat(wrongToken.json().path("message").asString()).contains("verification token");

        FeishuEvents.Callback good = events.callback(help);
        java.util.Map<String, String> tampered = new java.util.HashMap<>(good.headers());
        tampered.put("X-Lark-Signature", "0".repeat(64));
        FeishuEvents.Response badSignature = FeishuEvents.post(webhookUrl(),
                new FeishuEvents.Callback(good.body(), tampered));
        assertThat(badSignature.status()).isEqualTo(403);
        assertThat(badSignature.json().path("message").asString()).contains("signature");
        FeishuEvents.Response unsigned = FeishuEvents.post(webhookUrl(), new FeishuEvents.Callback(good.body(),
                Map.of()));
        assertThat(unsigned.status()).isEqualTo(403);
        // encrypted under another key: the signature does not match either
        FeishuEvents.Response otherKey = FeishuEvents.post(webhookUrl(),
                new FeishuEvents(APP_ID, VERIFICATION_TOKEN, "another-key").callback(help));
        assertThat(otherKey.status()).isEqualTo(403);
        assertThat(feishu.sentTo(chat)).isEmpty();

        assertThat(FeishuEvents.post(webhookUrl(), good).status()).isEqualTo(200);
        assertThat(feishu.sentTo(chat)).hasSize(1);
        assertThat(feishu.sentTo(chat).get(0).text()).contains("not linked");
    }

    @Test
    void anUnlinkedChatGetsOnlyTheLinkingInstructions() {
        for (String text : List.of("/start", "/help", "/list", "/new do something", "hello there", "/connect 1")) {
            assertThat(say(text)).as(text).contains("not linked to a Poco account").contains("/link");
        }
        assertThat(feishu.sentTo(chat)).extracting(FakeFeishuServer.Sent::msgType).containsOnly("post");
        assertThat(jdbc.sql("SELECT count(*) FROM im_channels WHERE provider = 'feishu' AND chat_id = :c"
                + " AND user_id IS NULL").param("c", chat).query(Integer.class).single()).isEqualTo(1);
        assertThat(say("/link NOPE1234")).contains("unknown, used or expired");
        assertThat(alice.get("/api/v1/sessions").ok()).isEmpty();
    }

    @Test
    void aLinkedChatQueuesARunFromPlainTextAndTheLinkIsListed() {
        linkToAlice();
        JsonNode links = alice.get("/api/v1/im/links").ok();
        assertThat(links).hasSize(1);
        assertThat(links.get(0).path("provider").asString()).isEqualTo("feishu");
        assertThat(links.get(0).path("chat_id").asString()).isEqualTo(chat);

        assertThat(say("summarise the release notes")).contains("Task created").contains("queued")
                .contains("http://poco.test/s/");
        String session = boundSession();
        assertThat(alice.get("/api/v1/sessions/" + session).ok().path("title").asString())
                .isEqualTo("summarise the release notes");
        assertThat(jdbc.sql("SELECT status FROM agent_runs WHERE session_id = :s").param("s", java.util.UUID.fromString(session))
                .query(String.class).single()).isEqualTo("queued");
        assertThat(say("and a follow-up")).contains("Task created");
        assertThat(boundSession()).isEqualTo(session);
        assertThat(alice.get("/api/v1/sessions/" + session + "/messages").ok()).hasSize(2);
    }

    @Test
    void aRichTextPostIsReadAsText() {
        linkToAlice();
        int before = feishu.sentTo(chat).size();
        deliver(events.post(chat, user, "", List.of("/new write a haiku", "about the sea")));
        assertThat(nextMessage(chat, before).text()).contains("Task created");
        String session = boundSession();
        JsonNode messages = alice.get("/api/v1/sessions/" + session + "/messages").ok();
        assertThat(messages.toString()).contains("write a haiku\\nabout the sea");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void commandsAnswerInTheChatsLanguage(String lang) {
        linkToAlice();
        assertThat(say("/lang " + lang)).isEqualTo(lang.equals("zh") ? "回复语言已设为中文。" : "Replies are now in English.");
        boolean zh = lang.equals("zh");
        List<String[]> table = List.of(
                new String[] {"/help", zh ? "Poco 命令" : "Poco commands"},
                new String[] {"／help", zh ? "Poco 命令" : "Poco commands"}, // a full-width slash from a Chinese IME
                new String[] {"/list", zh ? "还没有会话" : "No sessions yet"},
                new String[] {"/link", zh ? "当前没有连接会话" : "No session is connected"},
                new String[] {"/watches", zh ? "没有订阅任何会话" : "watches no session"},
                new String[] {"/connect 7", zh ? "找不到会话：7" : "Session not found: 7"},
                new String[] {"/new", zh ? "用法：/new" : "Usage: /new"},
                new String[] {"/answer", zh ? "用法：/answer" : "Usage: /answer"},
                new String[] {"/clear", zh ? "已断开连接" : "Disconnected."});
        for (String[] row : table) {
            assertThat(say(row[0])).as(row[0]).contains(row[1]);
        }
        String created = say(zh ? "写一首关于测试的俳句" : "write a haiku about tests");
        assertThat(created).contains(zh ? "已创建任务" : "Task created");
        String session = boundSession();
        assertThat(say("/list")).contains(session.substring(0, 8)).contains(zh ? "👉 当前" : "👉 current");
    }

    @Test
    void inGroupsOnlyMessagesThatMentionTheBotCount() {
        await().atMost(Duration.ofSeconds(20)).until(() -> provider("feishu").path("account").asString("")
                .equals(APP_NAME)); // the bot's open_id is known
        deliver(events.groupText(chat, user, "just chatting", false));
        ObjectNode other = events.message(chat, user, "group", "text",
                tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("text", "@_user_1 /help"),
                List.of(FeishuEvents.mention("@_user_1", "ou_someone_else", "Alice")));
        deliver(other);
        assertThat(feishu.sentTo(chat)).isEmpty();
        deliver(events.groupText(chat, user, "/help", true));
        assertThat(nextMessage(chat, 0).text()).contains("not linked");
        deliver(events.groupText(chat, user, "", true)); // only the mention: the help
        assertThat(nextMessage(chat, 1).text()).contains("not linked");
        assertThat(feishu.sentTo(chat)).hasSize(2);
    }

    @Test
    void aCallbackFeishuSendsAgainIsHandledOnce() {
        linkToAlice();
        ObjectNode event = events.text(chat, user, "/new only once");
        int before = feishu.sentTo(chat).size();
        deliver(event);
        nextMessage(chat, before);
        deliver(event); // Feishu retries when it thinks the callback failed: same event, same message id
        ObjectNode copy = event.deepCopy();
        ((ObjectNode) copy.path("header")).put("event_id", "another-event-id");
        deliver(copy);
        assertThat(say("/help")).contains("Poco commands"); // and nothing came in between
        assertThat(feishu.sentTo(chat)).hasSize(before + 2);
        assertThat(alice.get("/api/v1/sessions").ok()).hasSize(1);
    }

    @Test
    void malformedPayloadsAndUnreadableMessagesAreNeverA5xxAndNothingIsLost() {
        for (String body : List.of("not json at all", "[1, 2]", "", "{\"encrypt\": \"!!not base64!!\"}",
                "{\"encrypt\": \"" + java.util.Base64.getEncoder().encodeToString(new byte[48]) + "\"}")) {
            FeishuEvents.Response r = FeishuEvents.post(webhookUrl(), events.signed(body));
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().path("code").asInt()).as(body).isEqualTo(40000);
        }
        String token = "\"token\": \"" + VERIFICATION_TOKEN + "\"";
        for (String body : List.of(
                "{\"schema\": \"2.0\", \"header\": {" + token + "}}",
                "{\"schema\": \"2.0\", \"header\": {" + token + ", \"event_type\": \"im.message.receive_v1\"},"
                        + " \"event\": 5}",
                "{\"schema\": \"2.0\", \"header\": {" + token + ", \"event_type\": \"im.message.receive_v1\"},"
                        + " \"event\": {\"message\": {\"chat_id\": \"" + chat + "\", \"message_id\": \"om_1\","
                        + " \"message_type\": \"text\", \"content\": \"{not json\"}}}",
                "{\"schema\": \"2.0\", \"header\": {" + token + ", \"event_type\": \"im.message.receive_v1\"},"
                        + " \"event\": {\"message\": {\"chat_id\": \"" + chat + "\", \"message_type\": \"text\"}}}",
                "{\"schema\": \"2.0\", \"header\": {" + token + ", \"event_type\": \"card.action.trigger\"},"
                        + " \"event\": {\"action\": {}}}",
                "{\"schema\": \"2.0\", \"header\": {" + token + ", \"event_type\": \"im.chat.member.bot.added_v1\"},"
                        + " \"event\": {\"chat_id\": \"" + chat + "\"}}")) {
            FeishuEvents.Response r = FeishuEvents.post(webhookUrl(), events.signed(body));
            assertThat(r.status()).as(body).isEqualTo(200);
        }
        assertThat(feishu.sentTo(chat)).isEmpty();

        ObjectNode image = events.image(chat, user);
        deliver(image);
        assertThat(nextMessage(chat, 0).text()).contains("Only text messages").contains("文字");
        deliver(image); // sent again by Feishu: no second note
        deliver(events.sticker(chat, user));
        assertThat(nextMessage(chat, 1).text()).contains("Only text messages");
        // the next real message is still answered, and nothing else was sent
        assertThat(say("/help")).contains("not linked");
        assertThat(feishu.sentTo(chat)).hasSize(3);
    }

    @Test
    void providersReportFeishuConfiguredWithTheBotsName() {
        await().atMost(Duration.ofSeconds(20)).until(() -> provider("feishu").path("account").asString("")
                .equals(APP_NAME));
        say("/help");
        JsonNode p = provider("feishu");
        assertThat(p.path("configured").asBoolean()).isTrue();
        assertThat(p.path("mode").asString()).isEqualTo("webhook");
        assertThat(p.path("last_event_at").isNull()).isFalse();
        assertThat(feishu.calls(FakeFeishuServer.BOT_INFO_PATH)).isNotEmpty();
    }
}
