package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.Sdk;
import dev.poco.testkit.dingtalk.FakeDingTalkServer;
import dev.poco.testkit.http.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Base of the DingTalk tests: a server whose robot talks to a {@link FakeDingTalkServer} in stream mode (messages
 * come as CALLBACK frames over the fake's websocket); the signed webhook is tested in the same server. Each test
 * uses a fresh user (staff id), so its one-to-one chat is {@code user:<staffId>}.
 */
abstract class DingTalkApiTest extends ApiTest {

    /** The one user allowed to change chat app credentials ({@code POCO_IM_ADMINS}). */
    static final String ADMIN = "im-admin";

    static final String CLIENT_ID = "dingtestappkey";
    static final String CLIENT_SECRET = "secret-" + UUID.randomUUID();
    static final FakeDingTalkServer dingtalk = new FakeDingTalkServer(CLIENT_ID, CLIENT_SECRET).start();

    @Autowired
    JdbcClient jdbc;

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

    String boundSession() {
        String current = say("/link");
        return current.replaceAll("(?s).*?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}).*", "$1");
    }

    void startRun(String runId) {
        String worker = "im-worker-" + UUID.randomUUID();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode claimed = runner.post("/api/v1/runs/claim", Map.of("worker_id", worker, "lease_seconds", 300,
                    "schedule_modes", List.of("immediate"))).ok();
            return !claimed.isNull() && claimed.path("run").path("run_id").asString().equals(runId);
        });
        runner.post("/api/v1/runs/" + runId + "/start", Map.of("worker_id", worker)).ok();
    }

    String latestRun(String sessionId) {
        return jdbc.sql("SELECT id::text FROM agent_runs WHERE session_id = :s ORDER BY created_at DESC LIMIT 1")
                .param("s", UUID.fromString(sessionId)).query(String.class).single();
    }

    private final Map<String, Long> seq = new HashMap<>();

    void callback(String sessionId, String runId, String status, @Nullable Object message) {
        Map<String, Object> body = new HashMap<>();
        body.put("session_id", sessionId);
        body.put("status", status);
        body.put("progress", status.equals("completed") ? 100 : 50);
        body.put("run_id", runId);
        body.put("seq", seq.merge(runId, 1L, Long::sum));
        if (message != null) {
            body.put("new_message", message);
        }
        runner.post("/api/v1/callback", body).ok();
    }

    void assistantSays(String sessionId, String runId, String text) {
        callback(sessionId, runId, "running", Sdk.assistantText(text));
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
