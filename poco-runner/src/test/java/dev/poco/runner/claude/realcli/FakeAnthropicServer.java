package dev.poco.runner.claude.realcli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scripted Anthropic Messages API for the real CLI, on 127.0.0.1 (JDK HTTP server). {@code POST /v1/messages}
 * answers with what the {@link Responder} decides: as SSE when the request says {@code stream: true} (message_start,
 * content_block_start, ping, content_block_delta…, content_block_stop per block, message_delta, message_stop — the
 * sequence CLI 2.1.197 accepts), else as one JSON message (the CLI's non-streaming fallback).
 * {@code /v1/messages/count_tokens} answers 42 tokens; {@code HEAD /} (the CLI's preconnect) answers 200.
 */
final class FakeAnthropicServer implements AutoCloseable {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One model answer: content blocks (text, thinking or tool_use objects) and an optional delay before it. */
    record Reply(List<ObjectNode> content, Duration delay) {

        static Reply text(String text) {
            return new Reply(List.of(JSON.objectNode().put("type", "text").put("text", text)), Duration.ZERO);
        }

        static Reply toolUse(String id, String name, ObjectNode input) {
            ObjectNode block = JSON.objectNode().put("type", "tool_use").put("id", id).put("name", name);
            block.set("input", input);
            return new Reply(List.of(block), Duration.ZERO);
        }

        Reply withThinkingFirst(String thinking, String signature) {
            List<ObjectNode> blocks = new ArrayList<>();
            blocks.add(JSON.objectNode().put("type", "thinking").put("thinking", thinking).put("signature", signature));
            blocks.addAll(content);
            return new Reply(blocks, delay);
        }

        Reply delayed(Duration newDelay) {
            return new Reply(content, newDelay);
        }

        boolean usesTool() {
            return content.stream().anyMatch(block -> "tool_use".equals(block.get("type").asString()));
        }
    }

    /** Decides the answer to the {@code index}-th messages request (0-based) with body {@code request}. */
    @FunctionalInterface
    interface Responder {
        Reply respond(ObjectNode request, int index);
    }

    /** Replies in order, one per request; the last one repeats. */
    static Responder sequence(Reply... replies) {
        return (request, index) -> replies[Math.min(index, replies.length - 1)];
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Responder responder;
    private final List<ObjectNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger messageRequests = new AtomicInteger();

    private FakeAnthropicServer(Responder responder) throws IOException {
        this.responder = responder;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static FakeAnthropicServer start(Responder responder) throws IOException {
        return new FakeAnthropicServer(responder);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Bodies of every {@code POST /v1/messages}, in arrival order. */
    List<ObjectNode> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * True if the last user message of a request holds a tool_result. Messages with role {@code system} (the CLI adds
     * one for its mid-conversation-system beta, in varying places) are skipped.
     */
    static boolean lastUserHasToolResult(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if (!"user".equals(message.path("role").asString(""))) {
                continue;
            }
            for (JsonNode block : message.path("content")) {
                if ("tool_result".equals(block.path("type").asString(""))) {
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("POST".equals(exchange.getRequestMethod()) && path.equals("/v1/messages/count_tokens")) {
                send(exchange, 200, "application/json", "{\"input_tokens\":42}");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod()) || !path.equals("/v1/messages")) {
                send(exchange, 404, "application/json", "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\"}}");
                return;
            }
            ObjectNode request = (ObjectNode) MAPPER.readTree(body);
            requests.add(request);
            Reply reply = responder.respond(request, messageRequests.getAndIncrement());
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            ObjectNode message = message(request, reply);
            if (request.path("stream").asBoolean(false)) {
                send(exchange, 200, "text/event-stream", sse(message, reply));
            } else {
                send(exchange, 200, "application/json", MAPPER.writeValueAsString(message));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the CLI hung up (e.g. after an interrupt); nothing to answer
        }
    }

    private static ObjectNode message(ObjectNode request, Reply reply) {
        ObjectNode message = JSON.objectNode().put("id", "msg_fake_" + System.nanoTime()).put("type", "message")
                .put("role", "assistant").put("model", request.path("model").asString("claude-opus-4-8"));
        ArrayNode content = message.putArray("content");
        reply.content().forEach(content::add);
        message.put("stop_reason", reply.usesTool() ? "tool_use" : "end_turn").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", 10).put("output_tokens", 5)
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
        return message;
    }

    private static String sse(ObjectNode message, Reply reply) {
        var out = new StringBuilder();
        ObjectNode start = message.deepCopy();
        start.putArray("content");
        start.putNull("stop_reason");
        event(out, "message_start", JSON.objectNode().put("type", "message_start").set("message", start));
        int index = 0;
        for (ObjectNode block : reply.content()) {
            String type = block.get("type").asString();
            ObjectNode empty = switch (type) {
                case "tool_use" -> JSON.objectNode().put("type", "tool_use").put("id", block.get("id").asString())
                        .put("name", block.get("name").asString()).set("input", JSON.objectNode());
                case "thinking" -> JSON.objectNode().put("type", "thinking").put("thinking", "").put("signature", "");
                default -> JSON.objectNode().put("type", "text").put("text", "");
            };
            event(out, "content_block_start", JSON.objectNode().put("type", "content_block_start")
                    .put("index", index).set("content_block", empty));
            event(out, "ping", JSON.objectNode().put("type", "ping"));
            for (ObjectNode delta : deltas(block)) {
                event(out, "content_block_delta", JSON.objectNode().put("type", "content_block_delta")
                        .put("index", index).set("delta", delta));
            }
            event(out, "content_block_stop", JSON.objectNode().put("type", "content_block_stop").put("index", index));
            index++;
        }
        ObjectNode messageDelta = JSON.objectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", message.get("stop_reason").asString()).putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", 20);
        event(out, "message_delta", messageDelta);
        event(out, "message_stop", JSON.objectNode().put("type", "message_stop"));
        return out.toString();
    }

    private static List<ObjectNode> deltas(ObjectNode block) {
        return switch (block.get("type").asString()) {
            case "tool_use" -> {
                String json = MAPPER.writeValueAsString(block.get("input"));
                int half = json.length() / 2;
                yield List.of(
                        JSON.objectNode().put("type", "input_json_delta").put("partial_json", json.substring(0, half)),
                        JSON.objectNode().put("type", "input_json_delta").put("partial_json", json.substring(half)));
            }
            case "thinking" -> List.of(
                    JSON.objectNode().put("type", "thinking_delta").put("thinking", block.get("thinking").asString()),
                    JSON.objectNode().put("type", "signature_delta").put("signature", block.get("signature").asString()));
            default -> {
                List<ObjectNode> words = new ArrayList<>();
                String[] parts = block.get("text").asString().split("(?<= )");
                for (String part : parts) {
                    words.add(JSON.objectNode().put("type", "text_delta").put("text", part));
                }
                yield words;
            }
        };
    }

    private static void event(StringBuilder out, String name, ObjectNode data) {
        out.append("event: ").append(name).append('\n').append("data: ")
                .append(MAPPER.writeValueAsString(data)).append("\n\n");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
