package dev.poco.runner.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in Poco server on a real socket for runner tests: each path answers what its handler
 * says, every request is recorded, and handlers run on virtual threads, so one may block (a
 * long-poll) while others are answered. {@link #stop()} and {@link #restart()} on the same port
 * stand for a server that goes away and comes back.
 */
public final class StandInServer implements AutoCloseable {

    /** What a path answers. */
    public interface Handler {
        Answer handle(Request request) throws Exception;
    }

    /**
     * One request as received; {@code token} is its {@code X-Internal-Token} header, {@code authorization} its
     * {@code Authorization} header and {@code workerId} its {@code X-Poco-Worker-Id} header, each null when absent.
     */
    public record Request(String method, String path, String query, String body, String token,
            String authorization, String workerId) {}

    public record Answer(int status, String contentType, byte[] body) {

        /** poco's success envelope around {@code dataJson}. */
        public static Answer ok(String dataJson) {
            return json(200, "{\"code\":0,\"message\":\"ok\",\"data\":" + dataJson + "}");
        }

        /** poco's error envelope. */
        public static Answer error(int status, int code, String message) {
            return json(status, "{\"code\":" + code + ",\"message\":\"" + message + "\",\"data\":null}");
        }

        public static Answer json(int status, String body) {
            return new Answer(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private int port;
    private HttpServer server;

    public StandInServer() {
        start(0);
    }

    public StandInServer on(String path, Handler handler) {
        handlers.put(path, handler);
        return this;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Requests received so far, in order. */
    public List<Request> requests() {
        return requests;
    }

    public long count(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }

    /** Closes the socket: calls are refused, as while the server restarts. */
    public void stop() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    public void restart() {
        start(port);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void start(int onPort) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::serve);
        server.start();
        port = server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("X-Internal-Token"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("X-Poco-Worker-Id"));
            requests.add(request);
            Handler handler = handlers.get(request.path());
            Answer answer;
            try {
                answer = handler == null ? Answer.error(404, 40400, "no such path") : handler.handle(request);
            } catch (Exception e) {
                answer = Answer.error(500, 50000, e.toString());
            }
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
        }
    }
}
