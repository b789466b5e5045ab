package dev.poco.testkit.anthropic;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routes every request: records it, then answers {@code POST /v1/messages} from the
 * {@link ReplyScript}, {@code POST /v1/messages/count_tokens}, the CLI's {@code HEAD /} and
 * {@code GET /} preconnect, and 404 for anything else.
 *
 * <p>Runs on the server's handler threads (one per exchange). Blocks for the scripted delays; an
 * interrupt (from {@link FakeAnthropicServer#close()}) ends the exchange by dropping the
 * connection. A client that disconnects mid-response only ends its own exchange.
 */
final class ApiHandler implements HttpHandler {

    /** Thrown out of {@link #handle} to make the JDK server drop the connection unfinished. */
    private static final class AbortConnection extends IOException {
        AbortConnection(String reason) {
            super(reason);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private static final String FALLBACK_MODEL = "claude-fake";

    private final RequestLog requestLog;
    private final ReplyScript script;
    private final IntSupplier countTokens;
    private final AtomicInteger active = new AtomicInteger();

    ApiHandler(RequestLog requestLog, ReplyScript script, IntSupplier countTokens) {
        this.requestLog = requestLog;
        this.script = script;
        this.countTokens = countTokens;
    }

    /** Exchanges whose handler has not returned yet; lets tests prove that no thread is left behind. */
    int activeExchanges() {
        return active.get();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        active.incrementAndGet();
        try {
            handleCounted(exchange);
        } finally {
            active.decrementAndGet();
        }
    }

    private void handleCounted(HttpExchange exchange) throws IOException {
        try {
            RecordedRequest request = record(exchange);
            log.debug("Fake Anthropic API received {}", request);
            route(exchange, request);
            exchange.close();
        } catch (AbortConnection e) {
            log.debug("Dropping the connection: {}", e.getMessage());
            throw e;
        } catch (IOException e) {
            // The client went away (e.g. it cancelled a slow stream): end this exchange only.
            log.debug("Client disconnected: {}", e.toString());
            exchange.close();
        } catch (RuntimeException e) {
            // The JDK server would drop the connection and log this only at TRACE level.
            log.warn("The fake Anthropic API failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            throw e;
        }
    }

    private RecordedRequest record(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        String body = new String(bytes, StandardCharsets.UTF_8);
        JsonNode json = parse(body);
        Map<String, List<String>> headers = exchange.getRequestHeaders();
        return requestLog.add(sequence -> new RecordedRequest(sequence, Instant.now(),
                exchange.getRequestMethod().toUpperCase(Locale.ROOT), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), headers, body, json));
    }

    private static @Nullable JsonNode parse(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private void route(HttpExchange exchange, RecordedRequest request) throws IOException {
        String method = request.method();
        String path = request.path();
        if (path.equals("/") && method.equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
        } else if (path.equals("/") && method.equals("GET")) {
            sendJson(exchange, 200, Json.object().put("service", "fake-anthropic-api"));
        } else if (path.equals("/v1/messages/count_tokens") && method.equals("POST")) {
            sendJson(exchange, 200, Json.object().put("input_tokens", countTokens.getAsInt()));
        } else if (request.isMessages()) {
            messages(exchange, request);
        } else if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(404, -1); // a HEAD response has no body
        } else {
            sendError(exchange, Reply.error(404, "not_found_error", "Not found: " + method + " " + path));
        }
    }

    private void messages(HttpExchange exchange, RecordedRequest request) throws IOException {
        if (!request.json().isObject()) {
            sendError(exchange, Reply.error(400, "invalid_request_error", "The request body is not a JSON object"));
            return;
        }
        Reply reply;
        try {
            reply = script.replyTo(request);
        } catch (RuntimeException e) {
            log.warn("The fake Anthropic responder failed on {}", request, e);
            reply = Reply.error(500, "api_error", "The fake responder failed: " + e);
        }
        sleep(reply.firstByteDelay());
        reply.headers().forEach(exchange.getResponseHeaders()::add);
        exchange.getResponseHeaders().set("request-id", MessageRenderer.newId("req_"));
        String model = request.model().orElse(FALLBACK_MODEL);
        switch (reply) {
            case ErrorReply error -> sendError(exchange, error);
            case MessageReply message when request.isStreaming() -> stream(exchange, request, message, model);
            case MessageReply message -> sendJson(exchange, 200, MessageRenderer.message(message, model));
        }
    }

    private static void stream(HttpExchange exchange, RecordedRequest request, MessageReply reply, String model)
            throws IOException {
        List<MessageRenderer.SseEvent> events = MessageRenderer.streamEvents(reply, model);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0); // chunked: each flush below is one chunk on the wire
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < events.size(); i++) {
            if (i == reply.abortAfterEvents()) {
                throw new AbortConnection("scripted abort after " + i + " SSE events");
            }
            if (i > 0) {
                sleep(reply.eventDelay());
            }
            MessageRenderer.SseEvent event = events.get(i);
            out.write(event.bytes());
            out.flush();
            if (event.name().equals("content_block_delta")
                    && event.data().path("delta").path("type").asString("").equals("text_delta")) {
                request.textDeltaSent(Instant.now());
            }
        }
        if (reply.abortAfterEvents() >= events.size()) {
            throw new AbortConnection("scripted abort after all " + events.size() + " SSE events");
        }
    }

    private static void sendError(HttpExchange exchange, ErrorReply error) throws IOException {
        ObjectNode body = Json.object().put("type", "error");
        body.putObject("error").put("type", error.errorType()).put("message", error.message());
        sendJson(exchange, error.status(), body);
    }

    private static void sendJson(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration delay) throws AbortConnection {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbortConnection("interrupted while delaying (server closing)");
        }
    }
}
