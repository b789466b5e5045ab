package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.dingtalk.FakeDingTalkServer;
import dev.poco.testkit.http.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Base of the DingTalk tests: a server whose robot talks to a {@link FakeDingTalkServer} in stream mode (messages
 * come as CALLBACK frames over the fake's websocket); the signed webhook is tested in the same server. Each test
 * uses a fresh user (staff id), so its one-to-one chat is {@code user:<staffId>}.
 */
abstract class DingTalkApiTest extends ChatAppApiTest {

    /** The one user allowed to change chat app credentials ({@code POCO_IM_ADMINS}). */
    static final String ADMIN = "im-admin";

    static final String CLIENT_ID = "dingtestappkey";
    static final String CLIENT_SECRET = "secret-" + UUID.randomUUID();
    static final FakeDingTalkServer dingtalk = new FakeDingTalkServer(CLIENT_ID, CLIENT_SECRET).start();

    String staff;
    String chat;

    @DynamicPropertySource
    static void robot(DynamicPropertyRegistry registry) {
        registry.add("poco.dingtalk.enabled", () -> "true");
        registry.add("poco.im.admins", () -> ADMIN);
        registry.add("poco.dingtalk.client-id", () -> CLIENT_ID);
        registry.add("poco.dingtalk.client-secret", () -> CLIENT_SECRET);
        registry.add("poco.dingtalk.api-url", dingtalk::baseUrl);
        registry.add("poco.dingtalk.gateway-url", dingtalk::baseUrl);
        registry.add("poco.dingtalk.oapi-url", dingtalk::baseUrl);
        registry.add("poco.dingtalk.mode", () -> "stream");
        registry.add("poco.dingtalk.reconnect-max-seconds", () -> "2");
        registry.add("poco.http.public-url", () -> "http://poco.test");
    }

    @BeforeEach
    void freshChat() {
        staff = "staff" + UUID.randomUUID().toString().substring(0, 12);
        chat = "user:" + staff;
    }

    /** Sends {@code text} over the stream from the test user and returns the bot's next message to it. */
    @Override
    String say(String text) {
        return say(dingtalk.textMessage(staff, text)).text();
    }

    FakeDingTalkServer.Sent say(ObjectNode message) {
        String to = message.path("conversationType").asString().equals("2")
                ? message.path("conversationId").asString() : "user:" + message.path("senderStaffId").asString();
        int before = dingtalk.sentTo(to).size();
        String frame = dingtalk.push(message);
        FakeDingTalkServer.Sent reply = nextMessage(to, before);
        await().atMost(Duration.ofSeconds(10)).until(() -> dingtalk.acked(frame));
        return reply;
    }

    FakeDingTalkServer.Sent nextMessage(String to, int before) {
        await().atMost(Duration.ofSeconds(20)).until(() -> dingtalk.sentTo(to).size() > before);
        return dingtalk.sentTo(to).get(before);
    }

    FakeDingTalkServer.Sent nextMessage(int before) {
        return nextMessage(chat, before);
    }

    void linkToAlice() {
        String code = alice.post("/api/v1/im/link-codes", null).ok().path("code").asString();
        assertThat(say("/link " + code)).contains("acts for your Poco account");
    }

    /** Posts a message to the webhook with the given signature headers (null: header left out). */
    Reply webhook(@Nullable String timestamp, @Nullable String sign, String body) {
        var api = anonymous;
        if (timestamp != null) {
            api = api.withHeader("timestamp", timestamp);
        }
        if (sign != null) {
            api = api.withHeader("sign", sign);
        }
        return api.sendAs("POST", "/api/v1/webhooks/dingtalk", "application/json",
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** A correctly signed webhook call, as DingTalk makes it. */
    Reply signedWebhook(String body) {
        String timestamp = String.valueOf(System.currentTimeMillis());
        return webhook(timestamp, sign(timestamp, CLIENT_SECRET), body);
    }

    static String sign(String timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.Base64.getEncoder().encodeToString(
                    mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    int undelivered() {
        return jdbc.sql("""
                SELECT count(*) FROM im_outbox o JOIN im_channels c ON c.id = o.channel_id
                WHERE c.provider = 'dingtalk' AND c.chat_id = :chat AND o.status IN ('pending', 'sending')""")
                .param("chat", chat).query(Integer.class).single();
    }

    JsonNode provider(String name) {
        for (JsonNode p : alice.get("/api/v1/im/providers").ok()) {
            if (p.path("provider").asString().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no provider " + name);
    }
}
