package dev.poco.runner.export;

import dev.poco.protocol.WorkspaceExportBase;
import dev.poco.protocol.WorkspaceExportRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runner's side of the export calls ({@code /api/v1/internal/sessions/{id}/workspace/export}, runner token). Its
 * own small client, because uploads are raw bodies of a known length, unlike the JSON calls of the run protocol.
 * Thread-safe. Every call times out (JSON calls after 30 s, uploads after 10 minutes) and throws
 * {@link ExportException} with the server's message on any refusal.
 */
final class ExportClient {

    private static final String TOKEN_HEADER = "X-Internal-Token";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);

    private final URI base;
    private final String token;
    private final JsonMapper json;
    private final HttpClient http;

    ExportClient(URI base, String token, JsonMapper json) {
        this.base = base;
        this.token = token;
        this.json = json;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    WorkspaceExportBase base(UUID sessionId) {
        JsonNode data = send(request(path(sessionId), CALL_TIMEOUT).GET());
        if (data == null) {
            throw new ExportException("The server answered the export base without data");
        }
        return json.treeToValue(data, WorkspaceExportBase.class);
    }

    /** Uploads {@code size} bytes of one workspace file ({@code /a/b}). */
    void putFile(UUID sessionId, String path, long size, Supplier<InputStream> content) {
        send(request(path(sessionId) + "/files?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8),
                UPLOAD_TIMEOUT)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(content),
                        size)));
    }

    void putArchive(UUID sessionId, Path zip) {
        try {
            send(request(path(sessionId) + "/archive", UPLOAD_TIMEOUT)
                    .header("Content-Type", "application/zip")
                    .PUT(HttpRequest.BodyPublishers.ofFile(zip)));
        } catch (java.io.FileNotFoundException e) {
            throw new ExportException("The workspace archive " + zip + " is gone", e);
        }
    }

    void commit(UUID sessionId, WorkspaceExportRequest request) {
        send(request(path(sessionId), CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request))));
    }

    private String path(UUID sessionId) {
        return "/api/v1/internal/sessions/" + sessionId + "/workspace/export";
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header(TOKEN_HEADER, token).header("Accept", "application/json");
    }

    private @Nullable JsonNode send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ExportException("Cannot reach the Poco server at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportException("Interrupted while exporting the workspace", e);
        }
        JsonNode envelope;
        try {
            envelope = json.readTree(response.body());
        } catch (JacksonException e) {
            throw new ExportException(built.method() + " " + built.uri().getPath() + " answered HTTP "
                    + response.statusCode() + " without JSON", e);
        }
        if (response.statusCode() != 200 || envelope.path("code").asInt(-1) != 0) {
            throw new ExportException(built.method() + " " + built.uri().getPath() + " refused: "
                    + envelope.path("message").asString("") + " (HTTP " + response.statusCode() + ")");
        }
        JsonNode data = envelope.get("data");
        return data == null || data.isNull() ? null : data;
    }
}
