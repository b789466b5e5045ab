package dev.poco.runner.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The HTTP client side of one run's gateway: turns a request from the sandbox into an upstream request with the real
 * credential, and filters headers in both directions. The HTTP client itself is the runner's, shared by all runs.
 */
final class Upstream implements AutoCloseable {

    /** Hop-by-hop headers (RFC 9110 §7.6.1) and framing headers this gateway sets itself. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization", "content-length",
            "host", "expect");
    /** Credentials from the sandbox are never forwarded; the gateway adds its own. */
    private static final Set<String> CLIENT_CREDENTIALS = Set.of("x-api-key", "authorization", "cookie");

    /**
     * One client per protocol and connect timeout for the whole runner, so every run's requests share its
     * connection pool (and, on HTTPS, HTTP/2 connections) instead of opening their own; virtual threads
     * run its asynchronous work. Never closed: it lives as long as the runner.
     */
    private static final Map<ClientKey, HttpClient> SHARED = new ConcurrentHashMap<>();

    private record ClientKey(HttpClient.Version version, Duration connectTimeout) {}

    private final GatewayConfig config;
    private final HttpClient client;
    private final String base;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<BodyQueue> bodies = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Upstream(GatewayConfig config) {
        this.config = config;
        URI url = config.upstreamBaseUrl();
        // h2c upgrade attempts on plain http confuse simple proxies; https negotiates h2 through ALPN.
        this.client = shared("https".equals(url.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1,
                config.connectTimeout());
        String text = url.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** The runner's client for this protocol and connect timeout. */
    static HttpClient shared(HttpClient.Version version, Duration connectTimeout) {
        return SHARED.computeIfAbsent(new ClientKey(version, connectTimeout), key -> HttpClient.newBuilder()
                .version(key.version())
                .connectTimeout(key.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build());
    }

    /**
     * Sends the request and returns as soon as the response headers arrived; the body follows through the returned
     * publisher, which must be subscribed to exactly once (with a subscriber {@link #track}ed until it is done).
     */
    HttpResponse<Flow.Publisher<List<ByteBuffer>>> send(String method, String pathQuery, HttpFields headers,
            byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathQuery))
                .timeout(config.readTimeout())
                .method(method, body.length == 0 && !method.equals("POST")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        List<String> connectionTokens = connectionTokens(headers);
        for (HttpField header : headers) {
            String name = header.getLowerCaseName();
            if (!HOP_BY_HOP.contains(name) && !connectionTokens.contains(name) && !CLIENT_CREDENTIALS.contains(name)
                    && !name.equals("accept-encoding")) {
                request.header(header.getName(), header.getValue());
            }
        }
        // Identity encoding keeps the body readable for token metering; the sandbox is on a local socket anyway.
        request.header("accept-encoding", "identity");
        request.header(config.credential().headerName(), config.credential().headerValue());
        if (closed) {
            throw new IOException("the model gateway is closing");
        }
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> answer =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofPublisher());
        inFlight.add(answer);
        try {
            if (closed) {
                answer.cancel(true);
            }
            return answer.get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("upstream request failed", cause);
        } catch (CancellationException e) {
            throw new IOException("the model gateway closed", e);
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } finally {
            inFlight.remove(answer);
        }
    }

    /**
     * Registers a response body being relayed, so that {@link #close()} stops it; the returned handle
     * unregisters it.
     */
    Tracked track(BodyQueue body) {
        bodies.add(body);
        if (closed) {
            body.cancel();
        }
        return () -> bodies.remove(body);
    }

    /** Headers named in Connection are hop-by-hop too. */
    private static List<String> connectionTokens(HttpFields headers) {
        return headers.getValuesList(HttpHeader.CONNECTION).stream()
                .flatMap(value -> Arrays.stream(value.toLowerCase(Locale.ROOT).split(",")))
                .map(String::strip)
                .toList();
    }

    static boolean isResponseHopByHop(String lowerCaseName) {
        return HOP_BY_HOP.contains(lowerCaseName) || lowerCaseName.startsWith(":");
    }

    /** A relayed body registered with {@link #track}; closing unregisters it. */
    interface Tracked extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Aborts this gateway's requests still waiting for their headers and stops the bodies still being relayed; the
     * shared client and its connections stay for the other runs.
     */
    @Override
    public void close() {
        closed = true;
        inFlight.forEach(answer -> answer.cancel(true));
        bodies.forEach(BodyQueue::cancel);
    }
}
