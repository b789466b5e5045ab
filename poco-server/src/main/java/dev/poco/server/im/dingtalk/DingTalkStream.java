package dev.poco.server.im.dingtalk;

import dev.poco.server.common.Json;
import dev.poco.server.im.DeliveryException;
import dev.poco.server.im.ProviderStatusRepository;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DingTalk's Stream mode, written on the JDK's {@link WebSocket} (DingTalk's Java SDK pins its own gateway URL and
 * HTTP stack; the protocol is four small rules). A connection: {@code POST <gateway>/v1.0/gateway/connections/open}
 * with the app's credentials and subscriptions gives {@code {endpoint, ticket}}; we connect to
 * {@code endpoint?ticket=…}. Each frame is {@code {specVersion, type: SYSTEM|CALLBACK|EVENT, headers: {topic,
 * messageId, …}, data: "<json>"}} and each is acknowledged with {@code {code: 200, headers: {contentType, messageId},
 * message: "OK", data: "<json>"}}: a SYSTEM {@code ping} with its own data, a robot message
 * ({@code /v1.0/im/bot/messages/get}) once it was handled (DingTalk redelivers what is not acknowledged; inbound dedup
 * drops repeats). Robot messages are handled one at a time, in arrival order, on a worker thread, so the socket
 * keeps answering pings meanwhile. A SYSTEM {@code disconnect}, a close or an error ends the connection; the next
 * one is opened after a wait that doubles from one second up to the configured maximum.
 */
final class DingTalkStream {

    private static final Logger log = LoggerFactory.getLogger(DingTalkStream.class);
    static final String BOT_TOPIC = "/v1.0/im/bot/messages/get";

    private final DingTalkClient client;
    private final Json json;
    private final Consumer<JsonNode> messages;
    private final ProviderStatusRepository status;
    private final String provider;
    private final Duration maxBackoff;
    private final BlockingQueue<Callback> callbacks = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private @Nullable Thread connector;
    private @Nullable Thread worker;

    DingTalkStream(DingTalkClient client, Json json, Consumer<JsonNode> messages, ProviderStatusRepository status,
            String provider, Duration maxBackoff) {
        this.client = client;
        this.json = json;
        this.messages = messages;
        this.status = status;
        this.provider = provider;
        this.maxBackoff = maxBackoff;
    }

    void start() {
        running = true;
        worker = Thread.ofVirtual().name("dingtalk-messages").start(this::work);
        connector = Thread.ofVirtual().name("dingtalk-stream").start(this::connect);
    }

    void stop() {
        running = false;
        for (Thread t : new Thread[] {connector, worker}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void connect() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            Connection connection = null;
            try {
                JsonNode gateway = client.openConnection(List.of(Map.of("type", "CALLBACK", "topic", BOT_TOPIC)));
                URI uri = URI.create(gateway.path("endpoint").asString() + "?ticket="
                        + URLEncoder.encode(gateway.path("ticket").asString(), StandardCharsets.UTF_8));
                connection = new Connection();
                WebSocket socket = client.http().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(15))
                        .buildAsync(uri, connection).get(30, TimeUnit.SECONDS);
                connection.socket = socket;
                log.info("DingTalk stream connected");
                status.ok(provider);
                backoff = Duration.ofSeconds(1);
                connection.closed.get(); // until DingTalk closes it, asks us to reconnect, or it breaks
                log.info("DingTalk stream connection ended: {}", connection.reason);
            } catch (InterruptedException e) {
                if (connection != null && connection.socket != null) {
                    connection.socket.abort();
                }
                return;
            } catch (DeliveryException | java.util.concurrent.ExecutionException
                    | java.util.concurrent.TimeoutException | RuntimeException e) {
                if (!running) {
                    return;
                }
                String message = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                        ? e.getCause().toString() : e.getMessage();
                status.failed(provider, "stream: " + message);
                log.warn("DingTalk stream connection failed, retrying in {}: {}", backoff, message);
            }
            if (!pause(backoff)) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        }
    }

    private void work() {
        while (running) {
            Callback c;
            try {
                c = callbacks.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                messages.accept(c.message());
            } catch (RuntimeException e) {
                log.warn("A DingTalk robot message could not be handled", e);
            }
            c.connection().ack(c.messageId(), "{\"response\":null}");
        }
    }

    private boolean pause(Duration d) {
        try {
            Thread.sleep(d);
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private record Callback(Connection connection, String messageId, JsonNode message) {}

    /** One websocket connection: reassembles frames, answers and dispatches them. */
    private final class Connection implements WebSocket.Listener {

        final CompletableFuture<Void> closed = new CompletableFuture<>();
        volatile @Nullable WebSocket socket;
        volatile String reason = "";
        private final StringBuilder partial = new StringBuilder();
        private final Object sendLock = new Object();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                try {
                    frame(webSocket, frame);
                } catch (RuntimeException e) {
                    log.warn("A DingTalk stream frame could not be read: {}", e.toString());
                }
            }
            webSocket.request(1);
            return null;
        }

        private void frame(WebSocket webSocket, String text) {
            JsonNode frame;
            try {
                frame = json.mapper().readTree(text);
            } catch (RuntimeException e) {
                log.warn("DingTalk sent a frame that is not JSON");
                return;
            }
            if (frame == null || !frame.isObject()) {
                return;
            }
            String type = frame.path("type").asString("");
            String topic = frame.path("headers").path("topic").asString("");
            String messageId = frame.path("headers").path("messageId").asString("");
            String data = frame.path("data").asString("");
            if (socket == null) {
                socket = webSocket;
            }
            if (type.equals("SYSTEM")) {
                if (topic.equals("disconnect")) {
                    reason = "disconnect requested";
                    webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "reconnect");
                    closed.complete(null);
                } else if (!messageId.isEmpty()) {
                    String pong = data.isEmpty() ? "{}" : data; // ping: its data back, off the listener thread
                    Thread.ofVirtual().name("dingtalk-pong").start(() -> ack(messageId, pong));
                }
                return;
            }
            if (messageId.isEmpty()) {
                return;
            }
            if (type.equals("CALLBACK") && topic.equals(BOT_TOPIC)) {
                JsonNode message;
                try {
                    message = json.mapper().readTree(data);
                } catch (RuntimeException e) {
                    message = null;
                }
                if (message != null && message.isObject()) {
                    callbacks.add(new Callback(this, messageId, message));
                    return;
                }
                log.warn("DingTalk sent a robot message that is not a JSON object");
                ack(messageId, "{\"response\":null}");
                return;
            }
            // events and other callbacks we did not subscribe to: taken, so DingTalk does not resend them
            ack(messageId, type.equals("EVENT") ? "{\"status\":\"SUCCESS\",\"message\":\"success\"}"
                    : "{\"response\":null}");
        }

        void ack(String messageId, String data) {
            WebSocket s = socket;
            if (s == null || closed.isDone()) {
                return; // DingTalk redelivers it on the next connection
            }
            ObjectNode ack = json.object();
            ack.put("code", 200);
            ack.putObject("headers").put("contentType", "application/json").put("messageId", messageId);
            ack.put("message", "OK").put("data", data);
            synchronized (sendLock) {
                try {
                    s.sendText(json.mapper().writeValueAsString(ack), true).get(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    log.debug("DingTalk stream ack failed: {}", e.toString());
                }
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String why) {
            reason = "closed " + statusCode + (why.isEmpty() ? "" : " " + why);
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            reason = "error " + error;
            closed.complete(null);
        }
    }
}
