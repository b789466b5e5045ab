package dev.poco.testkit.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API for pull requests on a real loopback socket, speaking its wire format
 * (docs.github.com/rest/pulls/pulls#create-a-pull-request): {@code POST /repos/{owner}/{repo}/pulls} with a JSON body
 * answers {@code 201 Created} with the pull request ({@code number}, {@code html_url}, {@code url}, {@code head},
 * {@code base}). A scripted answer ({@link #answerNext}) stands in for GitHub's refusals: {@code 401 {"message":
 * "Bad credentials"}}, {@code 422 {"message": "Validation Failed", "errors": [...]}}. Every request is recorded.
 */
public final class FakeGitHubApi implements AutoCloseable {

    private static final Pattern PULLS = Pattern.compile("/repos/([^/]+)/([^/]+)/pulls");

    /** One request as it arrived: header names in lower case. */
    public record Request(String method, String path, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "");
        }
    }

    private record Answer(int status, String body) {}

    private final HttpServer http;
    private final AtomicInteger numbers = new AtomicInteger();
    private final ConcurrentLinkedQueue<Answer> scripted = new ConcurrentLinkedQueue<>();
    /** Every request, in order. */
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeGitHubApi() {
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", this::handle);
        http.start();
    }

    /** The API's root, as {@code https://api.github.com} is GitHub's. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** The next request gets {@code status} with {@code json} instead of a created pull request. */
    public void answerNext(int status, String json) {
        scripted.add(new Answer(status, json));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(exchange.getRequestMethod(), path, Map.copyOf(headers), body));
            Answer answer = scripted.poll();
            Matcher pulls = PULLS.matcher(path);
            if (answer == null) {
                if (!exchange.getRequestMethod().equals("POST") || !pulls.matches()) {
                    answer = new Answer(404, "{\"message\":\"Not Found\","
                            + "\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}");
                } else {
                    int number = numbers.incrementAndGet();
                    String repo = pulls.group(1) + "/" + pulls.group(2);
                    answer = new Answer(201, "{\"id\":" + (1000 + number) + ",\"number\":" + number
                            + ",\"state\":\"open\",\"url\":\"" + baseUrl() + "/repos/" + repo + "/pulls/" + number
                            + "\",\"html_url\":\"https://github.com/" + repo + "/pull/" + number + "\"}");
                }
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().add("X-GitHub-Api-Version-Selected", "2022-11-28");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
