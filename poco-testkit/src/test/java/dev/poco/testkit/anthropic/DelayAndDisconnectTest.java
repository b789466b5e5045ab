package dev.poco.testkit.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
        server.enqueue(Reply.text("late").delayFirstByte(Duration.ofSeconds(1)), Reply.overloaded()
                .delayFirstByte(Duration.ofMillis(300)));

        CompletableFuture<HttpResponse<String>> late =
                http.sendAsync(streamingRequest(), HttpResponse.BodyHandlers.ofString());
        server.awaitMessageRequests(1, Duration.ofSeconds(5));
        // the request is in, its handler still runs, and not even the status line has come back
        assertThat(late).isNotDone();
        assertThat(server.activeExchanges()).isEqualTo(1);
        assertThat(late.get(10, TimeUnit.SECONDS).body()).contains("event: message_stop");
        assertThat(http.messages(true, "x").statusCode()).isEqualTo(529);
    }

    @Test
    void flushesEachEventSoTheDelaysBetweenThemAreVisibleToTheClient() {
        // An hour between events: the first one reaches the client only if it is flushed on its own.
        server.enqueue(Reply.text("a b c").delayBetweenEvents(Duration.ofHours(1)));

        CompletableFuture<List<String>> firstEvent = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader reader = reader(
                        http.send(streamingRequest(), HttpResponse.BodyHandlers.ofInputStream()).body());
                return List.of(reader.readLine(), reader.readLine());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(firstEvent).succeedsWithin(Duration.ofSeconds(10)).satisfies(lines -> {
            assertThat(lines.get(0)).isEqualTo("event: message_start");
            assertThat(lines.get(1)).startsWith("data: {\"type\":\"message_start\"");
        });
        assertThat(server.activeExchanges()).as("the rest is still held back").isEqualTo(1);
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

        server.close(); // returns at all: the reply would have waited an hour

        assertThat(server.activeExchanges()).isZero();
        assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class);
    }

    private void awaitNoActiveExchange(Duration timeout) {
        await("handlers still running").atMost(timeout).until(() -> server.activeExchanges() == 0);
    }

    private HttpRequest streamingRequest() {
        return http.request("/v1/messages?beta=true")
                .POST(HttpRequest.BodyPublishers.ofString(FakeHttp.messagesBody(true, "hi")))
                .build();
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

}
