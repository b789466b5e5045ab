package dev.poco.testkit.anthropic;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Plain {@link HttpClient} calls against a {@link FakeAnthropicServer}, as an SDK would make them. */
final class FakeHttp {

    static final String TOOLS = "[{\"name\":\"Bash\",\"description\":\"run\",\"input_schema\":{\"type\":\"object\"}},"
            + "{\"name\":\"Read\",\"description\":\"read\",\"input_schema\":{\"type\":\"object\"}}]";

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;

    FakeHttp(FakeAnthropicServer server) {
        this(server.baseUrl());
    }

    FakeHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A Messages API body with one user text message. */
    static String messagesBody(boolean stream, String userText) {
        return "{\"model\":\"claude-test-1\",\"max_tokens\":1000,\"stream\":" + stream + ",\"tools\":" + TOOLS
                + ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":"
                + Json.MAPPER.writeValueAsString(userText) + "}]}]}";
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header("x-api-key", "test")
                .header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json");
    }

    HttpResponse<String> post(String pathAndQuery, String body) throws IOException, InterruptedException {
        return client.send(request(pathAndQuery).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> messages(boolean stream, String userText) throws IOException, InterruptedException {
        return post("/v1/messages?beta=true", messagesBody(stream, userText));
    }

    <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        return client.sendAsync(request, handler);
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return client.send(request, handler);
    }

    HttpResponse<String> method(String method, String path) throws IOException, InterruptedException {
        return client.send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Object> bash(String command) {
        return Map.of("command", command, "description", "test");
    }
}
