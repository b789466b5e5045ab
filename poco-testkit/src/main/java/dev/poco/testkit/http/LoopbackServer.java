package dev.poco.testkit.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK's HTTP server on an ephemeral port of 127.0.0.1, one virtual thread per exchange: what the fake services
 * (Telegram, Feishu, DingTalk) stand on. {@link #close()} stops it at once and ends the handlers still running.
 */
public final class LoopbackServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers;

    private LoopbackServer(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /**
     * Starts a server whose every path goes to {@code handler}.
     *
     * @param threadPrefix names the handler threads ({@code fake-telegram-0}, …) for thread dumps
     */
    public static LoopbackServer start(String threadPrefix, HttpHandler handler) {
        ExecutorService handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(threadPrefix, 0)
                .factory());
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
            http.createContext("/", handler);
            http.setExecutor(handlers);
            http.start();
            return new LoopbackServer(http, handlers);
        } catch (IOException e) {
            handlers.shutdownNow();
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
