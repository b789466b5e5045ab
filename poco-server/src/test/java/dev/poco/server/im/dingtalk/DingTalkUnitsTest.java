package dev.poco.server.im.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.im.Inbound;
import dev.poco.server.im.Outbound;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The pure parts: settings, parsing of robot messages, the dialect, the split, the signature. */
class DingTalkUnitsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void settingsBindFromTheReadmesVariablesAndHideTheSecret() {
        DingTalkProperties none = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("poco.dingtalk", DingTalkProperties.class);
        assertThat(none.configured()).isFalse();
        assertThat(none.mode()).isEqualTo("stream");
        assertThat(none.apiUrl()).isEqualTo("https://api.dingtalk.com");
        assertThat(none.gatewayUrl()).isEqualTo("https://api.dingtalk.com");

        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", Map.of(
                "POCO_DINGTALK_ENABLED", "true", "POCO_DINGTALK_CLIENT_ID", "dingkey",
                "POCO_DINGTALK_CLIENT_SECRET", "very-secret", "POCO_DINGTALK_MODE", "webhook",
                "POCO_DINGTALK_API_URL", "http://127.0.0.1:9", "POCO_DINGTALK_GATEWAY_URL", "http://127.0.0.1:8",
                "POCO_DINGTALK_HTTP_TIMEOUT_SECONDS", "3", "POCO_DINGTALK_RECONNECT_MAX_SECONDS", "7")));
        DingTalkProperties p = new Binder(ConfigurationPropertySources.get(env))
                .bindOrCreate("poco.dingtalk", DingTalkProperties.class);
        assertThat(p.configured()).isTrue();
        assertThat(p.robot()).isEqualTo("dingkey");
        assertThat(p.mode()).isEqualTo("webhook");
        assertThat(p.apiUrl()).isEqualTo("http://127.0.0.1:9");
        assertThat(p.gatewayUrl()).isEqualTo("http://127.0.0.1:8");
        assertThat(p.httpTimeoutSeconds()).isEqualTo(3);
        assertThat(p.reconnectMaxSeconds()).isEqualTo(7);
        assertThat(p.toString()).doesNotContain("very-secret");
        assertThat(none.oapiUrl()).isEqualTo("https://oapi.dingtalk.com");
        assertThat(none.trustedWebhook("https://oapi.dingtalk.com/robot/sendBySession?session=abc")).isTrue();
        assertThat(none.trustedWebhook("https://oapi.dingtalk.com.evil.test/robot/sendBySession")).isFalse();
        assertThat(none.trustedWebhook("https://oapi.dingtalk.com@127.0.0.1/robot")).isFalse();
        assertThat(none.trustedWebhook("http://169.254.169.254/latest/meta-data")).isFalse();
        // enabled but without a secret: not configured
        assertThat(new DingTalkProperties(true, "k", " ", null, "stream", "a", "g", "o", 1, 1).configured()).isFalse();
        assertThat(new DingTalkProperties(false, "k", "s", null, "stream", "a", "g", "o", 1, 1).configured()).isFalse();
    }

    @Test
    void aPrivateTextBecomesAMessageKeyedByTheSendersStaffId() {
        JsonNode m = JSON.readTree("""
                {"conversationId":"cid1","conversationType":"1","msgId":"m1","senderStaffId":"u42",
                 "senderId":"$:x","chatbotUserId":"$:bot","senderNick":"Li Lei","msgtype":"text",
                 "text":{"content":" \u2005hello  "},"sessionWebhook":"http://hook","sessionWebhookExpiredTime":123}""");
        DingTalkMessages.Received r = DingTalkMessages.parse(m).orElseThrow();
        assertThat(r.inbound()).isEqualTo(new Inbound.Message("dingtalk", "user:u42", "Li Lei", true, "m1", "u42",
                "hello", true, null));
        assertThat(r.sessionWebhook()).isEqualTo("http://hook");
        assertThat(r.sessionWebhookExpires()).isEqualTo(123);
    }

    @Test
    void groupsNeedAMentionAndTheBotsOwnMessagesAndPicturesAreDropped() {
        JsonNode unaddressed = JSON.readTree("""
                {"conversationId":"cidG","conversationType":"2","msgId":"m2","senderStaffId":"u1",
                 "conversationTitle":"Team","msgtype":"text","text":{"content":"hi all"}}""");
        Inbound.Message m = (Inbound.Message) DingTalkMessages.parse(unaddressed).orElseThrow().inbound();
        assertThat(m.direct()).isFalse();
        assertThat(m.addressed()).isFalse();
        assertThat(m.chatId()).isEqualTo("cidG");
        JsonNode atList = JSON.readTree("""
                {"conversationId":"cidG","conversationType":"2","msgId":"m3","senderStaffId":"u1","isInAtList":true,
                 "msgtype":"text","text":{"content":"@Poco\u2005/help"}}""");
        Inbound.Message at = (Inbound.Message) DingTalkMessages.parse(atList).orElseThrow().inbound();
        assertThat(at.addressed()).isTrue();
        assertThat(at.text()).isEqualTo("/help");
        JsonNode atUsers = JSON.readTree("""
                {"conversationId":"cidG","conversationType":"2","msgId":"m4","senderStaffId":"u1",
                 "chatbotUserId":"$:bot","atUsers":[{"dingtalkId":"$:bot"}],"msgtype":"text","text":{"content":"x"}}""");
        assertThat(((Inbound.Message) DingTalkMessages.parse(atUsers).orElseThrow().inbound()).addressed()).isTrue();
        JsonNode own = JSON.readTree("""
                {"conversationId":"c","msgId":"m5","senderId":"$:bot","chatbotUserId":"$:bot","text":{"content":"x"}}""");
        assertThat(DingTalkMessages.parse(own)).isEmpty();
        JsonNode picture = JSON.readTree("""
                {"conversationId":"c","msgId":"m6","msgtype":"picture","content":{"downloadCode":"d"}}""");
        assertThat(DingTalkMessages.parse(picture)).isEmpty();
        JsonNode voice = JSON.readTree("""
                {"conversationId":"c","msgId":"m7","senderStaffId":"u1","msgtype":"audio",
                 "content":{"recognition":"/help"}}""");
        assertThat(((Inbound.Message) DingTalkMessages.parse(voice).orElseThrow().inbound()).text()).isEqualTo("/help");
        assertThat(DingTalkMessages.parse(JSON.readTree("[1]"))).isEmpty();
        assertThat(DingTalkMessages.parse(JSON.readTree("{\"conversationId\":\"c\"}"))).isEmpty();
    }

    @Test
    void aPressTextIsAButtonPress() {
        Outbound.Button button = new Outbound.Button("Yes, do it", "p:8c0e:1");
        String url = DingTalkFormat.pressUrl(button);
        assertThat(url).startsWith("dtmd://dingtalkclient/sendMessage?content=%2Fpress%20p%3A8c0e%3A1");
        JsonNode m = JSON.readTree("""
                {"conversationId":"cid1","conversationType":"1","msgId":"m8","senderStaffId":"u42","msgtype":"text",
                 "text":{"content":"/press p:8c0e:1"}}""");
        assertThat(DingTalkMessages.parse(m).orElseThrow().inbound())
                .isEqualTo(new Inbound.ButtonPress("dingtalk", "user:u42", "m8", "u42", "p:8c0e:1"));
    }

    @Test
    void markdownKeepsItsShapeAndTitlesArePlain() {
        assertThat(DingTalkFormat.markdown("##### deep\n# top\n**b** `c`")).isEqualTo("### deep\n# top\n**b** `c`");
        assertThat(DingTalkFormat.title("\n## **Result** of [the run](https://x.y/z)\nmore")).isEqualTo("Result of the run");
        assertThat(DingTalkFormat.title("a".repeat(50))).hasSize(30).endsWith("…");
        assertThat(DingTalkFormat.title("```")).isEqualTo("Poco");
    }

    @Test
    void longTextsSplitOnLinesAndCodeBlocksStayBalanced() {
        StringBuilder text = new StringBuilder("```java\n");
        for (int i = 0; i < 200; i++) {
            text.append("int x").append(i).append(" = ").append(i).append(";\n");
        }
        text.append("```\nafter");
        List<String> parts = DingTalkFormat.split(text.toString(), 1800);
        assertThat(parts).hasSizeGreaterThan(1);
        for (String part : parts) {
            assertThat(part.length()).isLessThanOrEqualTo(1800);
            assertThat(part.split("```", -1).length % 2).as(part).isEqualTo(1); // an even number of fences
        }
        assertThat(parts.get(1)).startsWith("```java\n");
        assertThat(String.join("\n", parts).replace("```\n```java\n", "")).isEqualTo(text.toString());
        assertThat(DingTalkFormat.split("x".repeat(5000), 1800)).allMatch(p -> p.length() <= 1800).hasSize(3);
        assertThat(DingTalkFormat.split("", 1800)).containsExactly("");
    }

    @Test
    void theSignatureIsDingTalks() {
        // computed apart with: printf '1577262236757\ntestSecret' | openssl dgst -sha256 -hmac testSecret -binary | base64
        assertThat(DingTalkChannel.sign("1577262236757", "testSecret"))
                .isEqualTo("0431bROcy3P4TvkuAWQd26NTs2mezxntsOPivdEPEaI=");
    }
}
