package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.dingtalk.FakeDingTalkServer;
import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * DingTalk's credentials from the settings page: stored values replace the environment's for the OpenAPI token, the
 * stream gateway and the webhook signature, until cleared; the provider's switch stops and restarts the stream and
 * the webhook.
 */
class DingTalkSettingsApiTest extends DingTalkApiTest {

    private static final String CREDENTIALS = "/api/v1/im/providers/dingtalk/credentials";
    private static final String SWITCH = "/api/v1/im/providers/dingtalk/enabled";

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

    private JsonNode dingtalkProvider() {
        for (JsonNode p : admin.get("/api/v1/im/providers").ok()) {
            if (p.path("provider").asString().equals("dingtalk")) {
                return p;
            }
        }
        throw new AssertionError("no dingtalk provider");
    }

    private Reply signedWith(String secret, String body) {
        String timestamp = String.valueOf(System.currentTimeMillis());
        return webhook(timestamp, sign(timestamp, secret), body);
    }

    private boolean triedSecret(String endpoint, String field, String secret) {
        return dingtalk.calls(endpoint).stream().anyMatch(c -> c.body().path(field).asString("").equals(secret));
    }

    @Test
    void aStoredSecretReplacesTheEnvironmentsOneUntilCleared() {
        JsonNode before = dingtalkProvider();
        assertThat(before.path("credential_fields")).extracting(JsonNode::asString)
                .containsExactly("client_id", "client_secret", "robot_code");
        assertThat(before.path("configured_fields")).extracting(JsonNode::asString)
                .containsExactly("client_id", "client_secret"); // from the environment
        assertThat(before.path("stored_fields")).isEmpty();
        assertThat(before.path("configured").asBoolean()).isTrue();

        String uiSecret = "ui-secret-" + staff;
        var saved = admin.put(CREDENTIALS, Map.of("values", Map.of("client_secret", uiSecret)));
        saved.ok();
        assertThat(saved.body()).doesNotContain(uiSecret);
        String providers = admin.get("/api/v1/im/providers").body();
        assertThat(providers).doesNotContain(uiSecret).doesNotContain(CLIENT_SECRET);
        JsonNode stored = dingtalkProvider();
        assertThat(stored.path("stored_fields")).extracting(JsonNode::asString).containsExactly("client_secret");
        assertThat(stored.path("configured_fields")).extracting(JsonNode::asString)
                .containsExactly("client_id", "client_secret");
        assertThat(jdbc.sql("SELECT value FROM im_credentials WHERE provider = 'dingtalk' AND field = 'client_secret'")
                .query(String.class).single()).startsWith("poco1:").doesNotContain(uiSecret);

        // the stream is rebuilt with the new secret: the fake knows only its own, so it refuses the connection
        await().atMost(Duration.ofSeconds(20)).until(() -> triedSecret(FakeDingTalkServer.GATEWAY, "clientSecret",
                uiSecret));
        await().atMost(Duration.ofSeconds(20)).until(() -> dingtalk.connected() == 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> dingtalkProvider().path("last_error").asString("")
                .contains("401"));
        // the webhook's signature is checked with the new secret
        String body = dingtalk.textMessage(staff, "/help").toString();
        await().atMost(Duration.ofSeconds(20)).until(() -> signedWith(uiSecret, body).status() == 200);
        signedWith(CLIENT_SECRET, body).error(403, 40300);

        admin.delete(CREDENTIALS).ok();
        assertThat(dingtalkProvider().path("stored_fields")).isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> signedWith(CLIENT_SECRET, body).status() == 200);
        signedWith(uiSecret, body).error(403, 40300);
        await().atMost(Duration.ofSeconds(20)).until(() -> dingtalk.connected() == 1);
        assertThat(say("/help")).contains("not linked");
    }

    @Test
    void storedAppCredentialsAreUsedForTheOpenApiToken() {
        String uiId = "ui-app-" + staff;
        String uiSecret = "ui-secret-" + staff;
        admin.put(CREDENTIALS, Map.of("values", Map.of("client_id", uiId, "client_secret", uiSecret))).ok();
        assertThat(dingtalkProvider().path("stored_fields")).extracting(JsonNode::asString)
                .containsExactly("client_id", "client_secret");
        await().atMost(Duration.ofSeconds(20)).until(() -> triedSecret(FakeDingTalkServer.GATEWAY, "clientId", uiId));
        // a reply that cannot use a session webhook goes through the OpenAPI, whose token the new app asks for
        String body = FakeDingTalkServer.withExpiredWebhook(dingtalk.textMessage(staff, "/help")).toString();
        await().atMost(Duration.ofSeconds(20)).until(() -> signedWith(uiSecret, body).status() == 200);
        await().atMost(Duration.ofSeconds(20)).until(() -> triedSecret(FakeDingTalkServer.TOKEN, "appKey", uiId)
                && triedSecret(FakeDingTalkServer.TOKEN, "appSecret", uiSecret));
    }

    @Test
    void theSwitchStopsTheStreamAndTheWebhookAndStartsThemAgain() {
        await().atMost(Duration.ofSeconds(20)).until(() -> dingtalk.connected() == 1);
        admin.put(SWITCH, Map.of("enabled", false)).ok();
        JsonNode off = dingtalkProvider();
        assertThat(off.path("status").asString()).isEqualTo("off");
        assertThat(off.path("enabled").asBoolean()).isFalse();
        assertThat(off.path("configured").asBoolean()).isFalse();
        signedWebhook(dingtalk.textMessage(staff, "/help").toString()).error(403, 40300);
        await().atMost(Duration.ofSeconds(20)).until(() -> dingtalk.connected() == 0);

        // nothing receives while off: the message waits at DingTalk (unacknowledged) until the stream is back
        int before = dingtalk.sentTo(chat).size();
        String frame = dingtalk.push(dingtalk.textMessage(staff, "/help"));
        assertThat(dingtalk.acked(frame)).isFalse();

        admin.put(SWITCH, Map.of("enabled", true)).ok();
        assertThat(dingtalkProvider().path("enabled").asBoolean()).isTrue();
        assertThat(nextMessage(before).text()).contains("not linked");
        await().atMost(Duration.ofSeconds(10)).until(() -> dingtalk.acked(frame));
        signedWebhook(dingtalk.textMessage(staff, "/help").toString()).ok();
    }
}
