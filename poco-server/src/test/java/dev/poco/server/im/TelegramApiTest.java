package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.http.Reply;
import dev.poco.testkit.telegram.FakeTelegramServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Base of the Telegram tests: a server whose bot talks to a {@link FakeTelegramServer} in polling mode (updates come
 * from the fake's {@code getUpdates}), with a webhook secret so the webhook can be tested in the same server. Each test
 * uses fresh chat and user ids.
 */
abstract class TelegramApiTest extends ChatAppApiTest {

    static final String TOKEN = "123456:test-token";
    static final String SECRET = "webhook-secret-" + UUID.randomUUID();
    static final String BOT = "PocoTestBot";
    /** The one user allowed to change chat app credentials ({@code POCO_IM_ADMINS}). */
    static final String ADMIN = "im-admin";
    static final long MAX_FILE = 4096;
    static final FakeTelegramServer telegram = new FakeTelegramServer(TOKEN, BOT).start();

    long chat;
    long user;

    @DynamicPropertySource
    static void bot(DynamicPropertyRegistry registry) {
        registry.add("poco.telegram.bot-token", () -> TOKEN);
        registry.add("poco.telegram.webhook-secret", () -> SECRET);
        registry.add("poco.telegram.api-url", telegram::baseUrl);
        registry.add("poco.telegram.mode", () -> "polling");
        registry.add("poco.telegram.poll-timeout-seconds", () -> "2");
        registry.add("poco.http.public-url", () -> "http://poco.test");
        registry.add("poco.im.admins", () -> ADMIN);
        registry.add("poco.im.max-file-bytes", () -> Long.toString(MAX_FILE));
    }

    @AfterAll
    static void stop() {
        // the fake lives as long as the cached context that polls it; nothing to do per class
    }

    @BeforeEach
    void freshChat() {
        chat = ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE / 2);
        user = ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE / 2);
    }

    /** Sends {@code text} from the chat and returns the bot's next message to it. */
    @Override
    String say(String text) {
        return say(chat, user, text);
    }

    String say(long chatId, long userId, String text) {
        int before = telegram.sentTo(chatId).size();
        telegram.pushUpdate(telegram.textUpdate(chatId, userId, text));
        return nextMessage(chatId, before).text();
    }

    /** Sends {@code text} in the test chat as a group chat and returns the bot's next message to it. */
    String sayInGroup(String text) {
        int before = telegram.sentTo(chat).size();
        telegram.pushUpdate(telegram.groupTextUpdate(chat, user, text));
        return nextMessage(chat, before).text();
    }

    FakeTelegramServer.Sent nextMessage(long chatId, int before) {
        await().atMost(Duration.ofSeconds(20)).until(() -> telegram.sentTo(chatId).size() > before);
        return telegram.sentTo(chatId).get(before);
    }

    /** Links the test chat to alice. */
    void linkToAlice() {
        link(chat, user, alice.post("/api/v1/im/link-codes", null).ok().path("code").asString());
    }

    void link(long chatId, long userId, String code) {
        assertThat(say(chatId, userId, "/link " + code)).contains("acts for your Poco account");
    }

    /** Posts an update to the webhook with the given secret (null: no header). */
    Reply webhook(@Nullable String secret, String body) {
        var api = secret == null ? anonymous : anonymous.withHeader("X-Telegram-Bot-Api-Secret-Token", secret);
        return api.sendAs("POST", "/api/v1/webhooks/telegram", "application/json",
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** The chat's outbox rows still waiting. */
    int undelivered() {
        return jdbc.sql("""
                SELECT count(*) FROM im_outbox o JOIN im_channels c ON c.id = o.channel_id
                WHERE c.chat_id = :chat AND o.status IN ('pending', 'sending')""")
                .param("chat", String.valueOf(chat)).query(Integer.class).single();
    }

    static ObjectNode update(ObjectNode u) {
        return u;
    }
}
