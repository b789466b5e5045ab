package dev.poco.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.app.e2e.EndToEndTest;
import dev.poco.testkit.http.Api;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * What the whole product sends a browser: the UI's assets gzip-compressed, API answers never
 * compressed (poco's Next.js proxy would pass the encoding on after decoding the body), and the
 * security headers on the page itself.
 */
class WebEdgeTest extends EndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern SCRIPT = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"");

    private HttpResponse<byte[]> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        headers.forEach(request::header);
        try {
            return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gunzip(byte[] body) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String scriptPath() {
        String index = new String(get("/", Map.of()).body(), StandardCharsets.UTF_8);
        Matcher m = SCRIPT.matcher(index);
        assertThat(m.find()).as("index.html names its script (is the web UI built? see web/pom.xml)").isTrue();
        return m.group(1);
    }

    @Test
    void theUisJavaScriptIsServedGzipped() {
        String script = scriptPath();
        HttpResponse<byte[]> plain = get(script, Map.of());
        HttpResponse<byte[]> gzip = get(script, Map.of("Accept-Encoding", "gzip, deflate, br"));
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gzip.statusCode()).isEqualTo(200);
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzip.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(gzip.headers().allValues("Vary")).anyMatch(v -> v.contains("Accept-Encoding"));
        assertThat(gzip.body().length).isLessThan(plain.body().length);
        assertThat(gunzip(gzip.body())).isEqualTo(plain.body());
    }

    @Test
    void apiAnswersAreNeverCompressed() {
        Api user = new Api("http://127.0.0.1:" + port, Map.of()).as("many-" + UUID.randomUUID());
        for (int i = 0; i < 12; i++) {
            user.post("/api/v1/sessions", Map.of()).ok();
        }
        HttpResponse<byte[]> list = get("/api/v1/sessions", Map.of("Accept-Encoding", "gzip",
                "X-User-Id", user.get("/api/v1/sessions").ok().get(0).path("user_id").asString()));
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body().length).as("large enough that Tomcat would compress it").isGreaterThan(2048);
        assertThat(list.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(list.body(), StandardCharsets.UTF_8)).startsWith("{");
    }

    @Test
    void thePageCarriesTheSecurityHeadersAndClientRoutesServeTheApp() {
        HttpResponse<byte[]> page = get("/s/" + UUID.randomUUID(), Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'").contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void anUnknownApiRouteIsNotTheApp() {
        HttpResponse<byte[]> missing = get("/api/v1/no-such-route", Map.of());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new String(missing.body(), StandardCharsets.UTF_8)).isEqualTo("{\"detail\":\"Not Found\"}");
    }
}
