package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.feishu.FakeFeishuServer;
import dev.poco.testkit.feishu.FeishuEvents;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Base of the Feishu tests: a server whose Feishu app talks to a {@link FakeFeishuServer} and receives on its webhook
 * with a Verification Token and an Encrypt Key, so callbacks arrive encrypted and signed, as Feishu sends them then.
 * Each test uses fresh chat and user ids.
 */
abstract class FeishuApiTest extends ChatAppApiTest {

    /** The one user allowed to change chat app credentials ({@code POCO_IM_ADMINS}). */
    static final String ADMIN = "im-admin";

    static final String APP_ID = "cli_a1b2c3d4e5f60001";
    static final String APP_SECRET = "app-secret-" + UUID.randomUUID();
    static final String VERIFICATION_TOKEN = "vt-" + UUID.randomUUID();
    static final String ENCRYPT_KEY = "ek-" + UUID.randomUUID();
    static final String APP_NAME = "Poco";
    static final FakeFeishuServer feishu = new FakeFeishuServer(APP_ID, APP_SECRET, APP_NAME).start();
    static final FeishuEvents events = new FeishuEvents(APP_ID, VERIFICATION_TOKEN, ENCRYPT_KEY);

    String chat;
    String user;

    @DynamicPropertySource
    static void app(DynamicPropertyRegistry registry) {
        registry.add("poco.feishu.enabled", () -> "true");
        registry.add("poco.im.admins", () -> ADMIN);
        registry.add("poco.feishu.app-id", () -> APP_ID);
        registry.add("poco.feishu.app-secret", () -> APP_SECRET);
        registry.add("poco.feishu.verification-token", () -> VERIFICATION_TOKEN);
        registry.add("poco.feishu.encrypt-key", () -> ENCRYPT_KEY);
        registry.add("poco.feishu.base-url", feishu::baseUrl);
        registry.add("poco.http.public-url", () -> "http://poco.test");
    }

    @BeforeEach
    void freshChat() {
        chat = "oc_" + UUID.randomUUID().toString().replace("-", "");
        user = "ou_" + UUID.randomUUID().toString().replace("-", "");
    }

    String webhookUrl() {
        return "http://127.0.0.1:" + port + "/api/v1/webhooks/feishu";
    }

    /** Posts an event as Feishu does (encrypted, signed) and expects it accepted. */
    FeishuEvents.Response deliver(ObjectNode event) {
        FeishuEvents.Response response = FeishuEvents.post(webhookUrl(), events.callback(event));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response;
    }

    /** Sends {@code text} from the chat and returns the bot's next message to it. */
    @Override
    String say(String text) {
        return say(chat, user, text);
    }

    String say(String chatId, String userId, String text) {
        int before = feishu.sentTo(chatId).size();
        deliver(events.text(chatId, userId, text));
        return nextMessage(chatId, before).text();
    }

    FakeFeishuServer.Sent nextMessage(String chatId, int before) {
        await().atMost(Duration.ofSeconds(20)).until(() -> feishu.sentTo(chatId).size() > before);
        return feishu.sentTo(chatId).get(before);
    }

    void linkToAlice() {
        String code = alice.post("/api/v1/im/link-codes", null).ok().path("code").asString();
        assertThat(say("/link " + code)).contains("acts for your Poco account");
    }

    /** The chat's outbox rows still waiting. */
    int undelivered() {
        return jdbc.sql("""
                SELECT count(*) FROM im_outbox o JOIN im_channels c ON c.id = o.channel_id
                WHERE c.provider = 'feishu' AND c.chat_id = :chat AND o.status IN ('pending', 'sending')""")
                .param("chat", chat).query(Integer.class).single();
    }

    JsonNode provider(String name) {
        JsonNode providers = alice.get("/api/v1/im/providers").ok();
        for (JsonNode p : providers) {
            if (p.path("provider").asString().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no provider " + name + " in " + providers);
    }
}
