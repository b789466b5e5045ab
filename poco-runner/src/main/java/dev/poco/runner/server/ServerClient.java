package dev.poco.runner.server;

import dev.poco.protocol.CallbackRequest;
import dev.poco.protocol.CallbackResponse;
import dev.poco.protocol.ClaimRequest;
import dev.poco.protocol.ClaimedRun;
import dev.poco.protocol.CreateUserInputRequest;
import dev.poco.protocol.FailRunRequest;
import dev.poco.protocol.HeartbeatRequest;
import dev.poco.protocol.RunDirective;
import dev.poco.protocol.RunStatus;
import dev.poco.protocol.RunView;
import dev.poco.protocol.UserInputRequestView;
import dev.poco.protocol.WorkerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to the Poco server for one runner. Thread-safe; every method blocks for one HTTP exchange
 * (long-polls block up to their wait plus a margin) and throws {@link ServerException} on failure.
 */
public final class ServerClient {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final String TOKEN_HEADER = "X-Internal-Token";

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final JsonMapper json;

    public ServerClient(URI base, String token, JsonMapper json) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.token = token;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public URI base() {
        return base;
    }

    /** Claims the next run, waiting up to {@code waitSeconds} server-side for one to be queued. */
    public Optional<ClaimedRun> claim(String workerId, int leaseSeconds, @Nullable List<String> scheduleModes,
            int waitSeconds) {
        ClaimRequest request = new ClaimRequest(workerId, leaseSeconds, scheduleModes, waitSeconds);
        return Optional.ofNullable(call("POST", "/api/v1/runs/claim", request, ClaimedRun.class,
                Duration.ofSeconds(waitSeconds).plus(CALL_TIMEOUT)));
    }

    public RunView start(UUID runId, String workerId) {
        return require(call("POST", "/api/v1/runs/" + runId + "/start", new WorkerRequest(workerId), RunView.class,
                CALL_TIMEOUT), "start");
    }

    public RunView fail(UUID runId, String workerId, String errorMessage) {
        return require(call("POST", "/api/v1/runs/" + runId + "/fail", new FailRunRequest(workerId, errorMessage),
                RunView.class, CALL_TIMEOUT), "fail");
    }

    public RunDirective heartbeat(UUID runId, String workerId, @Nullable Integer leaseSeconds) {
        return require(call("POST", "/api/v1/runs/" + runId + "/heartbeat", new HeartbeatRequest(workerId, leaseSeconds),
                RunDirective.class, CALL_TIMEOUT), "heartbeat");
    }

    /** Long-polls until the run's status is no longer {@code known}, or {@code waitSeconds} pass. */
    public RunDirective watch(UUID runId, RunStatus known, int waitSeconds) {
        String path = "/api/v1/runs/" + runId + "/watch?status=" + known.wire() + "&wait_seconds=" + waitSeconds;
        return require(call("GET", path, null, RunDirective.class, Duration.ofSeconds(waitSeconds).plus(CALL_TIMEOUT)),
                "watch");
    }

    public CallbackResponse callback(CallbackRequest request) {
        return require(call("POST", "/api/v1/callback", request, CallbackResponse.class, CALL_TIMEOUT), "callback");
    }

    /** Several callbacks in one request and transaction, in order (Poco's {@code POST /callbacks}). */
    public List<CallbackResponse> callbacks(List<CallbackRequest> batch) {
        JavaType listType = json.getTypeFactory().constructCollectionType(List.class, CallbackResponse.class);
        List<CallbackResponse> answers = call("POST", "/api/v1/callbacks", Map.of("callbacks", batch), listType,
                CALL_TIMEOUT);
        return require(answers, "callbacks");
    }

    public UserInputRequestView createQuestion(CreateUserInputRequest request) {
        return require(call("POST", "/api/v1/internal/user-input-requests", request, UserInputRequestView.class,
                CALL_TIMEOUT), "question");
    }

    /** Reads a question, waiting up to {@code waitSeconds} for it to be answered or expire. */
    public UserInputRequestView awaitQuestion(UUID id, int waitSeconds) {
        return require(call("GET", "/api/v1/internal/user-input-requests/" + id + "?wait_seconds=" + waitSeconds, null,
                UserInputRequestView.class, Duration.ofSeconds(waitSeconds).plus(CALL_TIMEOUT)), "question");
    }

    /** Streams an attachment's bytes; the caller closes the stream. */
    public InputStream attachment(String source) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/internal/attachments/content?source="
                        + URLEncoder.encode(source, StandardCharsets.UTF_8)))
                .header(TOKEN_HEADER, token).timeout(Duration.ofMinutes(5)).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("the server answered HTTP " + response.statusCode() + " for attachment " + source);
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + source, e);
        }
    }

    private static <T> T require(@Nullable T value, String what) {
        if (value == null) {
            throw new ServerException("The server answered " + what + " without data", 200, 0);
        }
        return value;
    }

    private <T> @Nullable T call(String method, String path, @Nullable Object body, Class<T> type, Duration timeout) {
        return call(method, path, body, json.getTypeFactory().constructType(type), timeout);
    }

    private <T> @Nullable T call(String method, String path, @Nullable Object body, JavaType javaType,
            Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header(TOKEN_HEADER, token)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ServerException("Cannot reach the Poco server at " + base + ": " + e, 0, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerException("Interrupted while calling " + path, 0, 0, e);
        }
        JsonNode envelope;
        try {
            envelope = json.readTree(response.body());
        } catch (JacksonException e) {
            throw new ServerException(method + " " + path + " answered HTTP " + response.statusCode()
                    + " without JSON", response.statusCode(), 0, e);
        }
        int code = envelope.path("code").asInt(-1);
        if (response.statusCode() != 200 || code != 0) {
            throw new ServerException(method + " " + path + " refused: " + envelope.path("message").asString("")
                    + " (HTTP " + response.statusCode() + ", code " + code + ")", response.statusCode(), code);
        }
        JsonNode data = envelope.get("data");
        if (data == null || data.isNull()) {
            return null;
        }
        return json.treeToValue(data, javaType);
    }
}
