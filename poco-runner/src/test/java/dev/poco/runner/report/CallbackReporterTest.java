package dev.poco.runner.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.poco.protocol.CallbackStatus;
import dev.poco.runner.server.ServerClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Callbacks over a real socket to a stand-in server that is down or failing for a while, as
 * during a server restart: every callback arrives, in order, keeping its sequence number through
 * the retries.
 */
class CallbackReporterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger batches = new AtomicInteger();
    /** The server's answer to each callback (the {@code data} of its envelope). */
    private final AtomicReference<String> answerToEach = new AtomicReference<>(
            "{\"session_id\":\"s\",\"status\":\"running\",\"callback_status\":\"running\",\"message\":null}");
    private HttpServer server;

    private URI start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/api/v1/callback", exchange -> {
            attempts.incrementAndGet();
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            byte[] answer;
            int status;
            if (failuresLeft.getAndDecrement() > 0) {
                status = 503;
                answer = "{\"code\":50000,\"message\":\"restarting\",\"data\":null}".getBytes(StandardCharsets.UTF_8);
            } else {
                String one = answerToEach.get();
                status = 200;
                if (body.has("callbacks")) { // POST /callbacks: a batch, answered with a list
                    body.path("callbacks").forEach(accepted::add);
                    batches.incrementAndGet();
                    answer = ("{\"code\":0,\"message\":\"ok\",\"data\":[" + String.join(",",
                            java.util.Collections.nCopies(body.path("callbacks").size(), one)) + "]}")
                            .getBytes(StandardCharsets.UTF_8);
                } else {
                    accepted.add(body);
                    answer = ("{\"code\":0,\"message\":\"ok\",\"data\":" + one + "}")
                            .getBytes(StandardCharsets.UTF_8);
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static JsonNode message(String text) {
        return JSON.readTree("{\"_type\":\"AssistantMessage\",\"content\":[{\"_type\":\"TextBlock\",\"text\":\""
                + text + "\"}]}");
    }

    @Test
    void callbacksSurviveAFailingServerInOrderWithTheirSequenceNumbers() throws Exception {
        URI base = start(0);
        failuresLeft.set(3); // the server answers 503 three times, then recovers
        ServerClient client = new ServerClient(base, "token", JSON);
        CallbackReporter reporter = new CallbackReporter(client, UUID.randomUUID(), UUID.randomUUID(),
                Duration.ofMinutes(1));
        reporter.report(message("one"), null, 10);
        reporter.report(message("two"), null, 20);
        reporter.finish(CallbackStatus.COMPLETED, 20, null, null);
        assertThat(reporter.drain(Duration.ofSeconds(30))).isTrue();

        assertThat(accepted).extracting(n -> n.path("seq").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(accepted).extracting(n -> n.path("new_message").path("content").path(0).path("text").asString(""))
                .containsExactly("one", "two", "");
        assertThat(accepted.get(2).path("status").asString()).isEqualTo("completed");
        // three refusals, then one or more deliveries (a backlog goes out as one batch)
        assertThat(attempts.get()).isBetween(4, 6);
    }

    @Test
    void aServerThatIsDownForAWhileGetsTheSameCallbackWhenItComesBack() throws Exception {
        URI base = start(0);
        int port = base.getPort();
        server.stop(0); // connection refused, as while the server restarts
        ServerClient client = new ServerClient(base, "token", JSON);
        CallbackReporter reporter = new CallbackReporter(client, UUID.randomUUID(), UUID.randomUUID(),
                Duration.ofMinutes(1));
        var log = (Logger) LoggerFactory.getLogger(CallbackReporter.class);
        Level level = log.getLevel();
        var retries = new ListAppender<ILoggingEvent>();
        retries.start();
        log.addAppender(retries);
        log.setLevel(Level.DEBUG);
        try {
            reporter.report(message("during restart"), null, 5);
            // refused, and refused again on the first retry: the server stays down across a backoff
            await().atMost(Duration.ofSeconds(20)).until(() -> retries.list.stream()
                    .filter(e -> e.getFormattedMessage().contains("failed, retrying")).count() >= 2);
        } finally {
            log.detachAppender(retries);
            log.setLevel(level);
        }
        start(port);
        reporter.finish(CallbackStatus.COMPLETED, 5, null, null);
        assertThat(reporter.drain(Duration.ofSeconds(30))).isTrue();
        assertThat(accepted).extracting(n -> n.path("seq").asLong()).containsExactly(1L, 2L);
        assertThat(accepted.getFirst().path("new_message").path("content").path(0).path("text").asString())
                .isEqualTo("during restart");
    }

    /**
     * Sends one callback to a server that answers every callback with {@code answer}, waits until the reporter has
     * taken that answer in ({@code tookIn}), then queues two more (the last one terminal) and drains.
     */
    private CallbackReporter sendAroundOneAnswer(String answer, Function<CallbackReporter, Callable<Boolean>> tookIn) throws Exception {
        URI base = start(0);
        answerToEach.set(answer);
        CallbackReporter reporter = new CallbackReporter(new ServerClient(base, "token", JSON), UUID.randomUUID(),
                UUID.randomUUID(), Duration.ofMinutes(1));
        reporter.report(message("one"), null, 10);
        await().atMost(Duration.ofSeconds(30)).until(tookIn.apply(reporter));
        reporter.report(message("two"), null, 20);
        reporter.finish(CallbackStatus.COMPLETED, 20, null, null);
        assertThat(reporter.drain(Duration.ofSeconds(30))).isTrue();
        return reporter;
    }

    @Test
    void aDispositionThatEndsTheRunsCallbacksStopsTheRest() throws Exception {
        sendAroundOneAnswer("{\"session_id\":\"s\",\"status\":\"canceled\",\"callback_status\":\"running\","
                + "\"message\":\"Session canceled; callback dropped\",\"disposition\":\"session_canceled\"}",
                reporter -> reporter::dropped);
        assertThat(accepted).extracting(n -> n.path("seq").asLong()).containsExactly(1L);
    }

    @Test
    void anUnknownDispositionOrAWordInTheNoteDoesNotStopTheCallbacks() throws Exception {
        // a newer server's value, with a note that the old text sniffing would have taken for "stop"
        CallbackReporter reporter = sendAroundOneAnswer("{\"session_id\":\"s\",\"status\":\"running\","
                + "\"callback_status\":\"running\",\"message\":\"Older callback dropped, this one kept\","
                + "\"disposition\":\"merged_later\"}", r -> () -> r.sent() == 1);
        assertThat(accepted).extracting(n -> n.path("seq").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(reporter.dropped()).isFalse();
    }
}
