package dev.poco.runner.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Flow;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The HTTP client side: turns a request from the sandbox into an upstream request with the real credential, and
 * filters headers in both directions.
 */
final class Upstream implements AutoCloseable {

    /** Hop-by-hop headers (RFC 9110 §7.6.1) and framing headers this gateway sets itself. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization", "content-length",
            "host", "expect");
    /** Credentials from the sandbox are never forwarded; the gateway adds its own. */
    private static final Set<String> CLIENT_CREDENTIALS = Set.of("x-api-key", "authorization", "cookie");

    private final GatewayConfig config;
    private final HttpClient client;
    private final String base;

    Upstream(GatewayConfig config) {
        this.config = config;
        URI url = config.upstreamBaseUrl();
        this.client = HttpClient.newBuilder()
                // h2c upgrade attempts on plain http confuse simple proxies; https negotiates h2 through ALPN.
                .version("https".equals(url.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String text = url.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * Sends the request and returns as soon as the response headers arrived; the body follows through the returned
     * publisher, which must be subscribed to exactly once.
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
        return client.send(request.build(), HttpResponse.BodyHandlers.ofPublisher());
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

    @Override
    public void close() {
        client.shutdownNow();
    }
}
