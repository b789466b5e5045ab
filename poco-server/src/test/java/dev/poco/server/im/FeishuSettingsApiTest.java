package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.feishu.FakeFeishuServer;
import dev.poco.testkit.feishu.FeishuEvents;
import dev.poco.testkit.http.Api;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Feishu's credentials from the settings page: a stored Verification Token and Encrypt Key are what the webhook
 * checks, a stored App Secret is what the tenant token is asked with, until cleared; the provider's switch turns the
 * webhook off and on.
 */
class FeishuSettingsApiTest extends FeishuApiTest {

    private static final String CREDENTIALS = "/api/v1/im/providers/feishu/credentials";
    private static final String SWITCH = "/api/v1/im/providers/feishu/enabled";

    Api admin;

    @BeforeEach
    void anAdmin() {
        admin = anonymous.as(ADMIN);
    }

    @AfterEach
    void environmentAgain() {
        admin.delete(CREDENTIALS).ok();
        admin.put(SWITCH, Map.of("enabled", true)).ok();
    }

    private JsonNode feishuProvider() {
        for (JsonNode p : admin.get("/api/v1/im/providers").ok()) {
            if (p.path("provider").asString().equals("feishu")) {
                return p;
            }
        }
        throw new AssertionError("no feishu provider");
    }

    private int post(FeishuEvents with, ObjectNode event) {
        return FeishuEvents.post(webhookUrl(), with.callback(event)).status();
    }

    /** Posts a text from the test chat, made and encrypted by {@code with} (its token and key). */
    private int text(FeishuEvents with, String text) {
        return post(with, with.text(chat, user, text));
    }

    @Test
    void aStoredTokenAndKeyAreWhatTheWebhookChecksUntilCleared() {
        JsonNode before = feishuProvider();
        assertThat(before.path("credential_fields")).extracting(JsonNode::asString)
                .containsExactly("app_id", "app_secret", "verification_token", "encrypt_key");
        assertThat(before.path("configured_fields")).extracting(JsonNode::asString)
                .containsExactly("app_id", "app_secret", "encrypt_key", "verification_token"); // the environment
        assertThat(before.path("stored_fields")).isEmpty();

        String uiToken = "ui-token-" + chat;
        String uiKey = "ui-key-" + chat;
        FeishuEvents ui = new FeishuEvents(APP_ID, uiToken, uiKey);
        var saved = admin.put(CREDENTIALS, Map.of("values", Map.of("verification_token", uiToken,
                "encrypt_key", uiKey)));
        saved.ok();
        assertThat(saved.body()).doesNotContain(uiToken).doesNotContain(uiKey);
        String providers = admin.get("/api/v1/im/providers").body();
        assertThat(providers).doesNotContain(uiToken).doesNotContain(uiKey).doesNotContain(VERIFICATION_TOKEN)
                .doesNotContain(ENCRYPT_KEY).doesNotContain(APP_SECRET);
        assertThat(feishuProvider().path("stored_fields")).extracting(JsonNode::asString)
                .containsExactly("encrypt_key", "verification_token");
        assertThat(jdbc.sql("SELECT value FROM im_credentials WHERE provider = 'feishu' AND field = 'encrypt_key'")
                .query(String.class).single()).startsWith("poco1:").doesNotContain(uiKey);

        await().atMost(Duration.ofSeconds(20)).until(() -> text(ui, "/ping") == 200);
        assertThat(text(events, "/help")).isEqualTo(403); // the environment's key
        assertThat(text(ui.withToken(VERIFICATION_TOKEN), "/help")).isEqualTo(403);
        int before2 = feishu.sentTo(chat).size();
        assertThat(text(ui, "/help")).isEqualTo(200);
        assertThat(nextMessage(chat, before2).text()).contains("not linked");

        admin.delete(CREDENTIALS).ok();
        assertThat(feishuProvider().path("stored_fields")).isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> text(events, "/ping") == 200);
        assertThat(text(ui, "/help")).isEqualTo(403);
        assertThat(say("/help")).contains("not linked");
    }

    @Test
    void aStoredAppSecretIsWhatTheTenantTokenIsAskedWith() {
        String uiSecret = "ui-secret-" + chat;
        admin.put(CREDENTIALS, Map.of("values", Map.of("app_secret", uiSecret))).ok();
        // the client is rebuilt and learns the bot again: with the new secret, which the fake refuses
        await().atMost(Duration.ofSeconds(20)).until(() -> feishu.calls(FakeFeishuServer.TOKEN_PATH).stream()
                .anyMatch(c -> c.body().path("app_secret").asString("").equals(uiSecret)));
        await().atMost(Duration.ofSeconds(20)).until(() -> feishuProvider().path("status").asString()
                .equals("error"));

        admin.delete(CREDENTIALS).ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> feishuProvider().path("status").asString()
                .equals("connected"));
        assertThat(say("/help")).contains("not linked");
    }

    @Test
    void theSwitchTurnsTheWebhookOffAndOnAgain() {
        admin.put(SWITCH, Map.of("enabled", false)).ok();
        JsonNode off = feishuProvider();
        assertThat(off.path("status").asString()).isEqualTo("off");
        assertThat(off.path("enabled").asBoolean()).isFalse();
        assertThat(off.path("configured").asBoolean()).isFalse();
        assertThat(text(events, "/help")).isEqualTo(403);
        assertThat(post(events, events.urlVerification("c-" + chat))).isEqualTo(403);

        admin.put(SWITCH, Map.of("enabled", true)).ok();
        assertThat(feishuProvider().path("enabled").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> post(events, events.urlVerification("c-" + chat)) == 200);
        assertThat(say("/help")).contains("not linked");
    }
}
