package dev.poco.testkit.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelayAndDisconnectTest {

    private final FakeAnthropicServer server = new FakeAnthropicServer().start();
    private final FakeHttp http = new FakeHttp(server);

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void waitsTheScriptedDelayBeforeTheFirstByte() throws Exception {
        server.enqueue(Reply.text("late").delayFirstByte(Duration.ofMillis(600)), Reply.overloaded()
                .delayFirstByte(Duration.ofMillis(300)));

        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(streamingRequest(), HttpResponse.BodyHandlers.ofInputStream());
        long headersAfter = millisSince(start);
        response.body().close();
        long errorStart = System.nanoTime();
        assertThat(http.messages(true, "x").statusCode()).isEqualTo(529);

        assertThat(headersAfter).isGreaterThanOrEqualTo(600);
        assertThat(millisSince(errorStart)).isGreaterThanOrEqualTo(300);
    }

    @Test
    void flushesEachEventSoTheDelaysBetweenThemAreVisibleToTheClient() throws Exception {
        server.enqueue(Reply.text("a b c").delayBetweenEvents(Duration.ofMillis(150)));

        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(streamingRequest(), HttpResponse.BodyHandlers.ofInputStream());
        List<Long> arrivals = new ArrayList<>();
        try (BufferedReader reader = reader(response.body())) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("event: ")) {
                    arrivals.add(millisSince(start));
                }
            }
        }

        assertThat(arrivals).hasSize(9);
        // Event i cannot be written before i delays have passed ...
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(arrivals.get(i)).as("arrival of event %d", i).isGreaterThanOrEqualTo(i * 150L - 5);
        }
        // ... and the first one is not held back until the end (no buffering of the whole body).
        assertThat(arrivals.getFirst()).isLessThan(arrivals.getLast() - 600);
    }

    @Test
    void survivesAClientThatDisconnectsMidStreamAndLeavesNoHandlerBehind() throws Exception {
        String longText = "word ".repeat(1000); // 20 s of events: only a detected disconnect ends it in time
        server.enqueue(Reply.text(longText).delayBetweenEvents(Duration.ofMillis(20)));

        HttpResponse<InputStream> response = http.send(streamingRequest(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = reader(response.body())) {
            assertThat(reader.readLine()).isEqualTo("event: message_start");
        }

        awaitNoActiveExchange(Duration.ofSeconds(5));
        assertThat(ScriptingTest.text(http.messages(false, "still there?"))).isEqualTo("OK");
    }

    @Test
    void cutsTheStreamAfterTheScriptedNumberOfEvents() throws Exception {
        server.enqueue(Reply.text("never finished").abortAfterEvents(2), Reply.text("finished"));

        // A raw socket shows the wire: java.net.http discards buffered events once the body fails.
        String cut = rawPost(FakeHttp.messagesBody(true, "hi"));
        String whole = rawPost(FakeHttp.messagesBody(true, "hi"));

        assertThat(cut).startsWith("HTTP/1.1 200").contains("event: message_start", "event: content_block_start")
                .doesNotContain("event: ping").doesNotContain("\r\n0\r\n\r\n");
        assertThat(whole).contains("event: message_stop").endsWith("\r\n0\r\n\r\n");
        assertThat(ScriptingTest.text(http.messages(false, "again"))).isEqualTo("OK");
    }

    /** POSTs to /v1/messages with {@code Connection: close} and returns everything read until EOF. */
    private String rawPost(String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/messages?beta=true HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void closeInterruptsADelayedReplyAndReturnsPromptly() throws Exception {
        server.enqueue(Reply.text("never").delayFirstByte(Duration.ofHours(1)));
        CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(() -> {
            try {
                return http.messages(true, "x");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        server.awaitMessageRequests(1, Duration.ofSeconds(5));

        long start = System.nanoTime();
        server.close();

        assertThat(millisSince(start)).isLessThan(3000);
        assertThat(server.activeExchanges()).isZero();
        assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class);
    }

    private void awaitNoActiveExchange(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (server.activeExchanges() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.activeExchanges()).as("handlers still running").isZero();
    }

    private HttpRequest streamingRequest() {
        return http.request("/v1/messages?beta=true")
                .POST(HttpRequest.BodyPublishers.ofString(FakeHttp.messagesBody(true, "hi")))
                .build();
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
