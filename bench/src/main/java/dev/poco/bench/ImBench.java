package dev.poco.bench;

import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import dev.poco.testkit.telegram.FakeTelegramServer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code im}: how long the agent's text takes to reach a chat. The product boots in this JVM (runner off) with its
 * Telegram bot pointed at poco-testkit's {@link FakeTelegramServer} (long polling), a chat is linked to a user with a
 * link code and bound to a session by a message, as a person would; then a simulated runner posts callbacks carrying
 * an assistant text with a unique marker, one at a time, and we time until the fake receives the
 * {@code sendMessage} with that marker. The path timed: callback → session event appended → outbox row in the same
 * transaction → NOTIFY → dispatcher → Telegram Bot API over HTTP.
 */
final class ImBench {

    static final int WARMUP = Integer.getInteger("bench.im.warmup", 20);
    static final int SAMPLES = Integer.getInteger("bench.im.samples", 200);
    static final String HEADLINE = "im: event -> Telegram sendMessage";
    private static final String TOKEN = "4242:bench-token";
    private static final Duration ARRIVAL = Duration.ofSeconds(20);

    private final String databaseUrl;

    ImBench(String databaseUrl) {
        this.databaseUrl = databaseUrl;
    }

    void run(PrintStream out, Figures figures) throws Exception {
        try (FakeTelegramServer telegram = new FakeTelegramServer(TOKEN, "PocoBenchBot").start();
                Product product = Product.boot(databaseUrl, false, Map.of(
                        "poco.telegram.bot-token", TOKEN,
                        "poco.telegram.api-url", telegram.baseUrl(),
                        "poco.telegram.mode", "polling",
                        "poco.telegram.poll-timeout-seconds", "5"))) {
            Api user = product.user("bench-im-" + UUID.randomUUID());
            Api runner = product.runner();
            long chat = ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE / 2);
            long sender = chat + 1;
            Bench.progress("im: linking a chat through the fake Telegram");
            String code = user.post("/api/v1/im/link-codes", null).ok().path("code").asString();
            say(telegram, chat, sender, "/link " + code, "acts for your Poco account");
            // a message starts a session (queued: no runner) and binds the chat to it
            say(telegram, chat, sender, "benchmark the chat path", "Task created");
            String session = user.get("/api/v1/sessions").ok().get(0).path("session_id").asString();

            Samples fromSent = new Samples();
            Samples fromAnswered = new Samples();
            Bench.progress("im: %d warm-up + %d measured callbacks, one at a time", WARMUP, SAMPLES);
            for (int i = 0; i < WARMUP + SAMPLES; i++) {
                String marker = "im-bench-" + i + "-" + UUID.randomUUID();
                String body = "{\"session_id\":\"" + session + "\",\"status\":\"running\",\"progress\":50,"
                        + "\"new_message\":{\"_type\":\"AssistantMessage\",\"content\":[{\"_type\":\"TextBlock\","
                        + "\"text\":\"" + marker + "\"}],\"model\":\"claude-fake\",\"parent_tool_use_id\":null,"
                        + "\"error\":null}}";
                long sent = System.nanoTime();
                Reply reply = runner.post("/api/v1/callback", body);
                long answered = System.nanoTime();
                if (reply.status() != 200 || reply.code() != 0) {
                    throw new IllegalStateException("callback answered " + reply.status() + ": " + reply.body());
                }
                long arrived = arrival(telegram, chat, marker);
                if (i >= WARMUP) {
                    fromSent.add(arrived - sent);
                    fromAnswered.add(arrived - answered);
                }
            }

            Bench.section(out, "im", "chat notification latency (Telegram, fake Bot API)",
                    "The product in this JVM (runner off) with POCO_TELEGRAM_* pointed at poco-testkit's "
                            + "FakeTelegramServer on 127.0.0.1 (long polling); a chat linked with a link code and bound "
                            + "to a session by a message. " + SAMPLES + " callbacks (after " + WARMUP + " warm-up), one "
                            + "at a time, each POST /api/v1/callback with the runner token carrying an AssistantMessage "
                            + "whose TextBlock is a unique marker; we time from just before the callback is sent (and, "
                            + "second row, from its 200 answer, when the event and its outbox row are committed) to the "
                            + "fake's receipt of the sendMessage carrying the marker (its System.nanoTime() on "
                            + "arrival, same JVM). The dispatcher may deliver before the 200 answer reaches the "
                            + "client, so the second row can dip below zero.");
            Table table = new Table(Table.LATENCY);
            table.latency("callback sent -> sendMessage at the fake", fromSent, "");
            table.latency("callback answered (event committed) -> sendMessage at the fake", fromAnswered, "");
            table.print(out);
            figures.latency(HEADLINE, fromSent,
                    "runner callback POST sent -> the fake Telegram receives its sendMessage (outbox, NOTIFY, dispatch)");
            figures.latency("im: committed event -> Telegram sendMessage", fromAnswered,
                    "callback's 200 answer (event + outbox row committed) -> the fake receives the sendMessage");
        }
    }

    /** Pushes a message from the chat and waits for the bot's answer containing {@code expected}. */
    private static void say(FakeTelegramServer telegram, long chat, long sender, String text, String expected)
            throws InterruptedException {
        telegram.pushUpdate(telegram.textUpdate(chat, sender, text));
        Instant deadline = Instant.now().plus(ARRIVAL);
        while (Instant.now().isBefore(deadline)) {
            if (telegram.sentTo(chat).stream().anyMatch(s -> s.text().contains(expected))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the chat got no answer containing \"" + expected + "\" to " + text);
    }

    /** When the fake received the sendMessage carrying {@code marker} ({@link System#nanoTime()}). */
    private static long arrival(FakeTelegramServer telegram, long chat, String marker) throws InterruptedException {
        Instant deadline = Instant.now().plus(ARRIVAL);
        while (Instant.now().isBefore(deadline)) {
            List<FakeTelegramServer.Call> calls = telegram.calls("sendMessage");
            for (int i = calls.size() - 1; i >= 0; i--) {
                FakeTelegramServer.Call c = calls.get(i);
                if (c.status() == 200 && c.body().path("chat_id").asLong() == chat
                        && c.body().path("text").asString("").contains(marker)) {
                    return c.receivedNanos();
                }
            }
            Thread.onSpinWait();
            Thread.sleep(0, 200_000);
        }
        throw new IllegalStateException("no sendMessage with " + marker + " within " + ARRIVAL.toSeconds() + " s");
    }
}
