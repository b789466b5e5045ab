package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.http.Api;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Settings → Chat apps beyond linking: write-only credentials stored encrypted and overriding the environment, the
 * provider switch, and chats (groups) whose new tasks go to a project.
 */
class TelegramSettingsApiTest extends TelegramApiTest {

    private static final String CREDENTIALS = "/api/v1/im/providers/telegram/credentials";

    Api admin;

    @BeforeEach
    void anAdmin() {
        admin = anonymous.as(ADMIN);
    }

    private JsonNode telegramProvider(Api api) {
        for (JsonNode p : api.get("/api/v1/im/providers").ok()) {
            if (p.path("provider").asString().equals("telegram")) {
                return p;
            }
        }
        throw new AssertionError("no telegram provider");
    }

    @Test
    void credentialsAreWriteOnlyEncryptedAndOverrideTheEnvironmentUntilCleared() {
        JsonNode before = telegramProvider(admin);
        assertThat(before.path("credential_fields")).extracting(JsonNode::asString)
                .containsExactly("bot_token", "webhook_secret");
        assertThat(before.path("configured_fields")).extracting(JsonNode::asString)
                .containsExactly("bot_token", "webhook_secret"); // from the environment
        assertThat(before.path("stored_fields")).isEmpty();
        assertThat(before.path("can_manage").asBoolean()).isTrue();
        assertThat(before.path("enabled").asBoolean()).isTrue();
        assertThat(telegramProvider(alice).path("can_manage").asBoolean()).isFalse();

        String uiSecret = "ui-secret-" + chat;
        try {
            var saved = admin.put(CREDENTIALS, Map.of("values", Map.of("webhook_secret", uiSecret)));
            saved.ok();
            assertThat(saved.body()).doesNotContain(uiSecret);
            String providers = admin.get("/api/v1/im/providers").body();
            assertThat(providers).doesNotContain(uiSecret).doesNotContain(TOKEN);
            assertThat(telegramProvider(admin).path("stored_fields")).extracting(JsonNode::asString)
                    .containsExactly("webhook_secret");
            String stored = jdbc.sql("SELECT value FROM im_credentials WHERE provider = 'telegram' "
                    + "AND field = 'webhook_secret'").query(String.class).single();
            assertThat(stored).startsWith("poco1:").doesNotContain(uiSecret);

            String body = telegram.textUpdate(chat, user, "/help").toString();
            await().atMost(Duration.ofSeconds(20)).until(() -> webhook(uiSecret, body).status() == 200);
            webhook(SECRET, body).error(403, 40300);
        } finally {
            admin.delete(CREDENTIALS).ok();
        }
        assertThat(telegramProvider(admin).path("stored_fields")).isEmpty();
        String body = telegram.textUpdate(chat, user, "/help").toString();
        await().atMost(Duration.ofSeconds(20)).until(() -> webhook(SECRET, body).status() == 200);
        webhook(uiSecret, body).error(403, 40300);
    }

    @Test
    void aStoredBotTokenReplacesTheEnvironmentsOne() {
        try {
            admin.put(CREDENTIALS, Map.of("values", Map.of("bot_token", "999:not-the-fakes-token"))).ok();
            // the fake knows only its own token: the new one is used, and refused
            await().atMost(Duration.ofSeconds(20)).until(() -> telegramProvider(admin).path("last_error")
                    .asString("").contains("401"));
        } finally {
            admin.delete(CREDENTIALS).ok();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> telegramProvider(admin).path("status").asString()
                .equals("connected"));
        assertThat(say("/help")).contains("not linked");
    }

    @Test
    void theSwitchTurnsTheProviderOffAndOnAgain() {
        try {
            admin.put("/api/v1/im/providers/telegram/enabled", Map.of("enabled", false)).ok();
            JsonNode off = telegramProvider(admin);
            assertThat(off.path("status").asString()).isEqualTo("off");
            assertThat(off.path("enabled").asBoolean()).isFalse();
            assertThat(off.path("configured").asBoolean()).isFalse();
            String body = telegram.textUpdate(chat, user, "/help").toString();
            webhook(SECRET, body).error(403, 40300);
        } finally {
            admin.put("/api/v1/im/providers/telegram/enabled", Map.of("enabled", true)).ok();
        }
        assertThat(telegramProvider(admin).path("enabled").asBoolean()).isTrue();
        assertThat(say("/help")).contains("not linked");
    }

    @Test
    void badCredentialRequestsAre4xx() {
        alice.put(CREDENTIALS, Map.of("values", Map.of("bot_token", "1:x"))).error(403, 40300);
        alice.delete(CREDENTIALS).error(403, 40300);
        alice.put("/api/v1/im/providers/telegram/enabled", Map.of("enabled", false)).error(403, 40300);
        admin.put(CREDENTIALS, Map.of("values", Map.of("api_key", "x"))).error(400, 40000);
        admin.put(CREDENTIALS, Map.of("values", Map.of())).error(400, 40000);
        admin.put(CREDENTIALS, Map.of()).error(400, 40000);
        admin.put(CREDENTIALS, Map.of("values", Map.of("bot_token", "a\nb"))).error(400, 40000);
        admin.put("/api/v1/im/providers/nochat/credentials", Map.of("values", Map.of("x", "y"))).error(404, 40400);
        admin.put("/api/v1/im/providers/telegram/enabled", Map.of()).error(400, 40000);
        assertThat(jdbc.sql("SELECT count(*) FROM im_credentials").query(Integer.class).single()).isZero();
    }

    @Test
    void aGroupLinkedWithAProjectStartsItsTasksThere() {
        String alpha = alice.post("/api/v1/projects", Map.of("name", "Alpha " + chat)).ok().path("project_id")
                .asString();
        String beta = alice.post("/api/v1/projects", Map.of("name", "Beta " + chat)).ok().path("project_id")
                .asString();
        String bobs = bob.post("/api/v1/projects", Map.of("name", "Bob's")).ok().path("project_id").asString();
        alice.post("/api/v1/im/link-codes", Map.of("project_id", bobs)).error(404, 14001);
        alice.post("/api/v1/im/link-codes", Map.of("project_id", "not-a-uuid")).error(422, 40000);

        JsonNode code = alice.post("/api/v1/im/link-codes", Map.of("project_id", alpha)).ok();
        assertThat(code.path("project_id").asString()).isEqualTo(alpha);
        assertThat(sayInGroup("/link@" + BOT + " " + code.path("code").asString()))
                .contains("new tasks go to project Alpha " + chat);
        assertThat(sayInGroup("@" + BOT + " summarise the docs")).contains("Task created");
        String session = sayInGroup("/link@" + BOT).replaceAll(
                "(?s).*?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}).*", "$1");
        assertThat(alice.get("/api/v1/sessions/" + session).ok().path("project_id").asString()).isEqualTo(alpha);

        JsonNode link = alice.get("/api/v1/im/links").ok().get(0);
        assertThat(link.path("chat_type").asString()).isEqualTo("group");
        assertThat(link.path("project_name").asString()).isEqualTo("Alpha " + chat);
        String linkId = link.path("id").asString();

        assertThat(sayInGroup("/project@" + BOT)).contains("go to project Alpha " + chat);
        assertThat(sayInGroup("/project@" + BOT + " beta " + chat)).contains("now go to project Beta " + chat);
        assertThat(sayInGroup("/project@" + BOT + " zzz-none-such")).contains("No project of yours is called");
        assertThat(sayInGroup("/project@" + BOT + " " + "Bob's")).contains("No project of yours is called");
        assertThat(sayInGroup("/project@" + BOT + " none")).contains("now go to no project");
        assertThat(sayInGroup("/project@" + BOT)).contains("go to no project");

        Map<String, Object> toAlpha = new HashMap<>();
        toAlpha.put("project_id", alpha);
        assertThat(alice.patch("/api/v1/im/links/" + linkId, toAlpha).ok().path("project_name").asString())
                .isEqualTo("Alpha " + chat);
        bob.patch("/api/v1/im/links/" + linkId, toAlpha).error(404, 40400);
        toAlpha.put("project_id", bobs);
        alice.patch("/api/v1/im/links/" + linkId, toAlpha).error(404, 14001);
        toAlpha.put("project_id", null);
        assertThat(alice.patch("/api/v1/im/links/" + linkId, toAlpha).ok().path("project_id").isNull()).isTrue();
        assertThat(beta).isNotEqualTo(alpha);

        alice.delete("/api/v1/im/links/" + linkId).ok();
        assertThat(sayInGroup("/project@" + BOT)).contains("not linked");
    }
}
