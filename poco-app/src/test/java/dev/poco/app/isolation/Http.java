package dev.poco.app.isolation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The isolation test's HTTP client: any method, any body, and never stuck on an event stream. A
 * {@code text/event-stream} answer is not read (it would not end); the caller sees {@link Response#stream()}.
 */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Bodies are read up to this; a list answer larger than this is a failure of its own. */
    private static final int MAX_BODY = 8 * 1024 * 1024;

    record Response(int status, String contentType, String body) {

        boolean stream() {
            return contentType.startsWith("text/event-stream");
        }

        boolean success() {
            return status >= 200 && status < 300;
        }

        String describe() {
            String text = stream() ? "<event stream>" : body.length() > 400 ? body.substring(0, 400) + "…" : body;
            return status + " " + text;
        }
    }

    private final String base;

    Http(String base) {
        this.base = base;
    }

    Response send(String method, String path, Map<String, String> headers, @Nullable String contentType,
            byte @Nullable [] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        headers.forEach(request::header);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<InputStream> response = CLIENT.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            String type = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream in = response.body()) {
                if (type.startsWith("text/event-stream")) {
                    return new Response(response.statusCode(), type, "");
                }
                return new Response(response.statusCode(), type,
                        new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response json(String method, String path, Map<String, String> headers, @Nullable String json) {
        return send(method, path, headers, json == null ? null : "application/json",
                json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }
}
