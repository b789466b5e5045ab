package dev.poco.testkit.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A web server a sandboxed agent may try to reach, on a real loopback socket: every {@code GET} answers a fixed text,
 * every {@code POST} echoes its body. {@link #server()} takes more contexts (a registry stand-in, a large body).
 * Loopback is a private address, so the egress gate opens it only through an allowlist entry naming {@link
 * #hostPort()}.
 */
public final class Origin implements AutoCloseable {

    private final HttpServer server;

    private Origin(HttpServer server) {
        this.server = server;
    }

    /** Starts an origin answering {@code text} on an ephemeral port of 127.0.0.1. */
    public static Origin text(String text) {
        return text(text, InetAddress.getLoopbackAddress());
    }

    /**
     * Starts an origin answering {@code text} on an ephemeral port of {@code address} (a browser sends requests for
     * loopback addresses past its proxy, so a test of a browser behind the egress gate serves on another address).
     */
    public static Origin text(String text, InetAddress address) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 64);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            byte[] answer = text.getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestMethod().equals("POST") ? exchange.getRequestBody().readAllBytes()
                        : answer;
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return new Origin(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code <address>:<port>}, as an allowlist entry names it. */
    public String hostPort() {
        return server.getAddress().getAddress().getHostAddress() + ":" + port();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://" + hostPort();
    }

    /** The JDK server, for more contexts. */
    public HttpServer server() {
        return server;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
