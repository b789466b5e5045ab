package dev.poco.runner.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.poco.protocol.TextDelta;
import dev.poco.runner.server.ServerClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 16: text deltas share the callbacks' thread over a real socket. Pieces waiting behind a post in flight are
 * merged; pieces a later callback covers are dropped; a refusal turns deltas off and never holds up callbacks.
 */
class DeltaReportingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OK_CALLBACK =
            "{\"session_id\":\"s\",\"status\":\"running\",\"callback_status\":\"running\",\"message\":null}";

    /** Every post in arrival order: "deltas <json>" or "callback <seq>". */
    private final List<String> posts = new CopyOnWriteArrayList<>();
    private final List<JsonNode> deltaBodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger deltaAttempts = new AtomicInteger();
    private volatile CountDownLatch firstDeltaHeld = new CountDownLatch(0);
    private final CountDownLatch firstDeltaArrived = new CountDownLatch(1);
    private volatile int deltaStatus = 200;
    private HttpServer server;
    private CallbackReporter reporter;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            int status = 200;
            String answer;
            if (path.endsWith("/deltas")) {
                int attempt = deltaAttempts.incrementAndGet();
                if (attempt == 1) {
                    firstDeltaArrived.countDown();
                    try {
                        firstDeltaHeld.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                status = deltaStatus;
                if (status == 200) {
                    posts.add("deltas " + body.path("deltas"));
                    deltaBodies.add(body);
                    answer = "{\"code\":0,\"message\":\"ok\",\"data\":{\"deltas\":1,\"forwarded\":true}}";
                } else {
                    answer = "{\"code\":40400,\"message\":\"Not found\",\"data\":null}";
                }
            } else if (path.equals("/api/v1/callbacks")) {
                body.path("callbacks").forEach(c -> posts.add("callback " + c.path("seq").asLong()));
                answer = "{\"code\":0,\"message\":\"ok\",\"data\":[" + String.join(",",
                        java.util.Collections.nCopies(body.path("callbacks").size(), OK_CALLBACK)) + "]}";
            } else {
                posts.add("callback " + body.path("seq").asLong());
                answer = "{\"code\":0,\"message\":\"ok\",\"data\":" + OK_CALLBACK + "}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        reporter = new CallbackReporter(new ServerClient(base, "token", JSON), UUID.randomUUID(), UUID.randomUUID(),
                Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        firstDeltaHeld.countDown();
        reporter.close();
        server.stop(0);
    }

    private static TextDelta piece(int offset, String text) {
        return new TextDelta("msg_1", 0, TextDelta.TEXT, offset, text);
    }

    private static JsonNode message(String text) {
        return JSON.createObjectNode().put("_type", "AssistantMessage").put("text", text);
    }

    @Test
    void piecesWaitingBehindAPostInFlightGoOutMergedInOnePost() throws Exception {
        firstDeltaHeld = new CountDownLatch(1);
        reporter.delta(piece(0, "Roses"));
        assertThat(firstDeltaArrived.await(10, TimeUnit.SECONDS)).as("the first piece goes out at once").isTrue();
        reporter.delta(piece(5, " are"));
        reporter.delta(piece(9, " red"));
        firstDeltaHeld.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> deltaBodies.size() == 2);
        assertThat(deltaBodies.get(0).path("deltas")).hasSize(1);
        JsonNode merged = deltaBodies.get(1).path("deltas");
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).path("offset").asInt()).isEqualTo(5);
        assertThat(merged.get(0).path("text").asString()).isEqualTo(" are red");
        assertThat(merged.get(0).path("message_id").asString()).isEqualTo("msg_1");
    }

    @Test
    void piecesACallbackCoversAreDroppedAndNothingIsPostedAfterItOutOfOrder() throws Exception {
        firstDeltaHeld = new CountDownLatch(1);
        reporter.delta(piece(0, "Roses"));
        assertThat(firstDeltaArrived.await(10, TimeUnit.SECONDS)).isTrue();
        reporter.delta(piece(5, " are red"));
        reporter.report(message("Roses are red"), null, 0);
        firstDeltaHeld.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> posts.contains("callback 1"));
        assertThat(reporter.drain(Duration.ofSeconds(10))).isTrue();
        assertThat(posts).hasSize(2);
        assertThat(posts.get(0)).startsWith("deltas").contains("Roses").as("the covered piece was never sent")
                .doesNotContain("are red");
        assertThat(posts.get(1)).isEqualTo("callback 1");
    }

    @Test
    void aRefusalTurnsDeltasOffWithoutHoldingUpCallbacks() throws Exception {
        deltaStatus = 404;
        reporter.delta(piece(0, "Roses"));
        await().atMost(Duration.ofSeconds(10)).until(() -> deltaAttempts.get() == 1);
        reporter.report(message("x"), null, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> posts.contains("callback 1"));
        reporter.delta(piece(5, " are"));
        reporter.report(message("y"), null, 0);
        reporter.delta(piece(9, " red"));
        assertThat(reporter.drain(Duration.ofSeconds(10))).isTrue();
        assertThat(posts).containsExactly("callback 1", "callback 2");
        assertThat(deltaAttempts.get()).as("no delta after the refusal").isEqualTo(1);
    }
}
