package dev.poco.runner.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/** A fake Anthropic Messages API on host loopback (JDK HttpServer) that records every request. */
final class FakeUpstream implements AutoCloseable {

    record Recorded(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        boolean hasHeader(String name) {
            return headers.keySet().stream().anyMatch(key -> key.equalsIgnoreCase(name));
        }
    }

    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange, Recorded request) throws IOException;
    }

    final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Responder responder = (exchange, request) -> textReply(exchange, request, "Hi there!", 25, 7);

    FakeUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body);
                requests.add(request);
                responder.respond(exchange, request);
            }
        });
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void respondWith(Responder value) {
        this.responder = value;
    }

    /** The SSE sequence of one streamed text answer, as the CLI accepts it (reference §3). */
    static List<String> textEvents(String model, String text, int inputTokens, int outputTokens) {
        String start = """
                {"type":"message_start","message":{"id":"msg_fake_1","type":"message","role":"assistant",\
                "model":"%s","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":%d,\
                "output_tokens":1,"cache_creation_input_tokens":5,"cache_read_input_tokens":3}}}"""
                .formatted(model, inputTokens);
        List<String> words = List.of(text.split("(?<= )"));
        List<String> events = new java.util.ArrayList<>();
        events.add(event("message_start", start));
        events.add(event("content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        events.add(event("ping", "{\"type\":\"ping\"}"));
        for (String word : words) {
            events.add(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                    + "{\"type\":\"text_delta\",\"text\":" + JsonMapper.shared().writeValueAsString(word) + "}}"));
        }
        events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        events.add(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}"));
        events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
        return events;
    }

    static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    /** Streams a text answer to POST /v1/messages; count_tokens and HEAD get their usual answers. */
    static void textReply(HttpExchange exchange, Recorded request, String text, int input, int output)
            throws IOException {
        if (request.method().equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        if (request.path().equals("/v1/messages/count_tokens")) {
            json(exchange, 200, "{\"input_tokens\":42}");
            return;
        }
        String model = request.body().isEmpty() ? "claude-test"
                : JsonMapper.shared().readTree(request.body()).path("model").asString("claude-test");
        String body = String.join("", textEvents(model, text, input, output));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("request-id", "req_fake");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static void json(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    String describe() {
        return requests.stream().map(r -> r.method() + " " + r.path()).collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
