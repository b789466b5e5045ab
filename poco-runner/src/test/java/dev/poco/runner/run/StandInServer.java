package dev.poco.runner.run;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The runner-facing part of the Poco server on a real socket, for stage tests: start, fail,
 * heartbeat, watch (held until {@link #cancel()}), callbacks and attachment content. Records
 * every request in order; answers in poco's envelope.
 */
final class StandInServer implements AutoCloseable {

    /** @param userId the {@code X-User-Id} header, empty when absent */
    record Request(String method, String path, JsonNode body, String userId) {}

    /** What {@code GET /internal/sessions/{id}/permission-rules} answers; null makes it answer 404 (a refusal: not retried). */
    volatile @Nullable Object permissionRules = Map.of("allow", List.of(), "ask", List.of(), "deny", List.of());

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern RUN_PATH = Pattern.compile("/api/v1/runs/([0-9a-f-]{36})/(start|fail|heartbeat|watch)");

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final Map<String, byte[]> attachments = new ConcurrentHashMap<>();
    /** Answers of other paths (the capability resolves): data for the envelope, or {@code byte[]} sent raw. */
    final Map<String, Object> answers = new ConcurrentHashMap<>();
    /** Bodies of image uploads (browser screenshots) by path. */
    final Map<String, byte[]> binaries = new ConcurrentHashMap<>();
    /** The query string of the latest request to each path. */
    final Map<String, String> queries = new ConcurrentHashMap<>();
    /** Paths that answer 503 this many more times before their answer (to exercise retries). */
    final Map<String, Integer> unavailable = new ConcurrentHashMap<>();
    /** The status {@code start} answers. */
    volatile String startStatus = "running";
    private final CountDownLatch canceled = new CountDownLatch(1);
    private final HttpServer http;

    StandInServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", this::handle);
        http.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** From now on heartbeats and watches answer that the run was canceled. */
    void cancel() {
        canceled.countDown();
    }

    /** Every network event the runner reported, in order. */
    List<JsonNode> networkEvents() {
        List<JsonNode> all = new java.util.ArrayList<>();
        requests("/network-events").forEach(r -> r.body().path("events").forEach(all::add));
        return all;
    }

    /** Every text delta the runner posted, in order. */
    List<JsonNode> deltas() {
        List<JsonNode> all = new java.util.ArrayList<>();
        requests("/deltas").forEach(r -> r.body().path("deltas").forEach(all::add));
        return all;
    }

    List<Request> requests(String pathSuffix) {
        return requests.stream().filter(r -> r.path().endsWith(pathSuffix)).toList();
    }

    /** Every callback the runner sent, batched or not, in order. */
    List<JsonNode> callbacks() {
        List<JsonNode> all = new java.util.ArrayList<>();
        for (Request r : requests) {
            if (r.path().equals("/api/v1/callback")) {
                all.add(r.body());
            } else if (r.path().equals("/api/v1/callbacks")) {
                r.body().path("callbacks").forEach(all::add);
            }
        }
        return all;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String type = java.util.Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Content-Type"), "");
            if (type.startsWith("image/")) {
                binaries.put(path, raw);
            }
            JsonNode body = raw.length == 0 || type.startsWith("image/") ? JSON.nullNode() : JSON.readTree(raw);
            if (exchange.getRequestURI().getRawQuery() != null) {
                queries.put(path, exchange.getRequestURI().getRawQuery());
            }
            if (!path.endsWith("/watch") && !path.endsWith("/heartbeat")) {
                requests.add(new Request(exchange.getRequestMethod(), path, body,
                        java.util.Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("X-User-Id"), "")));
            }
            if (path.equals("/api/v1/internal/attachments/content")) {
                String source = exchange.getRequestURI().getQuery().replaceFirst("^source=", "");
                byte[] content = attachments.get(java.net.URLDecoder.decode(source, StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(content == null ? 404 : 200, content == null ? -1 : content.length);
                if (content != null) {
                    exchange.getResponseBody().write(content);
                }
                return;
            }
            if (unavailable.getOrDefault(path, 0) > 0) {
                unavailable.merge(path, -1, Integer::sum);
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            Object canned = answers.get(path);
            if (canned instanceof byte[] content) {
                exchange.sendResponseHeaders(200, content.length);
                exchange.getResponseBody().write(content);
                return;
            }
            Matcher run = RUN_PATH.matcher(path);
            Object data;
            if (canned != null) {
                data = canned;
            } else if (run.matches()) {
                UUID runId = UUID.fromString(run.group(1));
                data = switch (run.group(2)) {
                    case "start" -> runView(runId, startStatus);
                    case "fail" -> runView(runId, "failed");
                    default -> directive(runId, run.group(2).equals("watch"));
                };
            } else if (path.matches("/api/v1/internal/sessions/[^/]+/permission-rules")) {
                Object rules = permissionRules;
                if (rules == null) {
                    byte[] answer = "{\"code\":40400,\"message\":\"Session not found\",\"data\":null}".getBytes(
                            StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(404, answer.length);
                    exchange.getResponseBody().write(answer);
                    return;
                }
                data = exchange.getRequestMethod().equals("GET") ? rules : Map.of("rule", body.path("rule").asString());
            } else if (path.matches("/api/v1/internal/sessions/[^/]+/computer/browser/[^/]+")) {
                data = Map.of("size_bytes", raw.length);
            } else if (path.matches("/api/v1/internal/runs/[^/]+/network-events")) {
                data = Map.of("stored", body.path("events").size());
            } else if (path.matches("/api/v1/internal/runs/[^/]+/deltas")) {
                data = Map.of("deltas", body.path("deltas").size(), "forwarded", true);
            } else if (path.equals("/api/v1/callback")) {
                data = callbackAnswer();
            } else if (path.equals("/api/v1/callbacks")) {
                data = java.util.Collections.nCopies(body.path("callbacks").size(), callbackAnswer());
            } else {
                byte[] answer = "{\"code\":40400,\"message\":\"not here\",\"data\":null}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, answer.length);
                exchange.getResponseBody().write(answer);
                return;
            }
            byte[] answer = JSON.writeValueAsBytes(Map.of("code", 0, "message", "ok", "data", data));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Object directive(UUID runId, boolean watch) throws InterruptedException {
        boolean cancel = watch ? canceled.await(25, TimeUnit.SECONDS) : canceled.getCount() == 0;
        return Map.of("run_id", runId.toString(), "status", cancel ? "canceled" : "running", "cancel_requested",
                cancel);
    }

    private static Object callbackAnswer() {
        return Map.of("session_id", UUID.randomUUID().toString(), "status", "running");
    }

    static ObjectNode runView(UUID runId, String status) {
        ObjectNode run = JSON.createObjectNode();
        run.put("run_id", runId.toString()).put("session_id", UUID.randomUUID().toString()).put("user_message_id", 1)
                .put("status", status).put("permission_mode", "default").put("progress", 0)
                .put("schedule_mode", "immediate").put("scheduled_at", "2026-01-01T00:00:00Z").put("attempts", 1)
                .put("created_at", "2026-01-01T00:00:00Z").put("updated_at", "2026-01-01T00:00:00Z");
        return run;
    }

    @Override
    public void close() {
        canceled.countDown();
        http.stop(0);
    }
}
