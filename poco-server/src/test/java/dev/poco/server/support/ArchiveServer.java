package dev.poco.server.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * GitHub's archive service (codeload: {@code GET /<owner>/<repo>/zip/<ref>} answers the zip, 404 when there is
 * none) on a real socket, for import tests; the test server's {@code POCO_IMPORT_GITHUB_ARCHIVE_URL} points here.
 * Started once per test JVM, on a free port.
 */
public final class ArchiveServer {

    private static final Map<String, byte[]> ARCHIVES = new ConcurrentHashMap<>();
    private static final HttpServer SERVER = start();

    private ArchiveServer() {}

    public static String baseUrl() {
        return "http://127.0.0.1:" + SERVER.getAddress().getPort();
    }

    /** Serves {@code zip} at {@code /<owner>/<repo>/zip/<ref>}. */
    public static void serve(String owner, String repo, String ref, byte[] zip) {
        ARCHIVES.put("/" + owner + "/" + repo + "/zip/" + ref, zip);
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                byte[] zip = ARCHIVES.get(exchange.getRequestURI().getPath());
                if (zip == null) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/zip");
                exchange.sendResponseHeaders(200, zip.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(zip);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
