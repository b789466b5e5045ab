package dev.poco.server.pullrequests;

import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.PocoException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Opens a pull request through GitHub's REST API ({@code POST /repos/{owner}/{repo}/pulls}), as documented at
 * docs.github.com/rest/pulls/pulls#create-a-pull-request: a bearer token, {@code Accept: application/vnd.github+json}
 * and the API version header. GitHub's refusals (401 bad credentials, 403 no access, 404 not visible, 422 invalid,
 * e.g. "A pull request already exists") come back as 4xx answers carrying GitHub's own message.
 */
final class GitHubPulls {

    static final String API_VERSION = "2022-11-28";

    private final HttpClient http;
    private final URI api;
    private final Duration timeout;
    private final ObjectMapper mapper;

    GitHubPulls(URI api, Duration timeout, ObjectMapper mapper) {
        this.api = api;
        this.timeout = timeout;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Math.min(30, timeout.toSeconds())))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @return the pull request's page ({@code html_url}) */
    String open(String owner, String repo, String token, String title, String head, String base, String body) {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("title", title);
        request.put("head", head);
        request.put("base", base);
        request.put("body", body);
        String root = api.toString().endsWith("/") ? api.toString() : api + "/";
        HttpRequest post = HttpRequest.newBuilder(URI.create(root + "repos/" + owner + "/" + repo + "/pulls"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token.strip())
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", "poco")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(request)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(post, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PocoException(ErrorCode.EXTERNAL_SERVICE_ERROR, "The branch " + head + " was pushed, but GitHub's"
                    + " API (" + api + ") could not be reached to open the pull request: " + e.getMessage(),
                    Map.of("branch", head));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PocoException(ErrorCode.INTERNAL_ERROR, "Interrupted while opening the pull request", null);
        }
        JsonNode answer = parse(response.body());
        int status = response.statusCode();
        if (status == 201 || status == 200) {
            String url = answer == null ? null : answer.path("html_url").asString(null);
            if (url == null || url.isBlank()) {
                throw new PocoException(ErrorCode.EXTERNAL_SERVICE_ERROR, "GitHub opened the pull request but did not"
                        + " say where (no html_url)", Map.of("branch", head));
            }
            return url;
        }
        String said = "GitHub answered " + status + ": " + message(answer, response.body());
        String prefix = "The branch " + head + " was pushed, but the pull request was not opened. ";
        Map<String, Object> data = Map.of("branch", head, "github_status", status);
        switch (status) {
            case 401 -> throw new BadRequestException(ErrorCode.BAD_REQUEST, prefix + said
                    + " (the token is not valid)", data);
            case 403, 404 -> throw new BadRequestException(ErrorCode.BAD_REQUEST, prefix + said
                    + " (the token may lack the pull requests permission on this repository)", data);
            case 422 -> throw new ConflictException(ErrorCode.BAD_REQUEST, prefix + said, data);
            default -> throw new PocoException(ErrorCode.EXTERNAL_SERVICE_ERROR, prefix + said, data);
        }
    }

    private @Nullable JsonNode parse(String body) {
        try {
            return body.isBlank() ? null : mapper.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** GitHub's {@code message}, with the {@code errors[].message} (or code) a 422 carries. */
    private static String message(@Nullable JsonNode answer, String raw) {
        if (answer == null || !answer.isObject()) {
            String text = raw.strip();
            return text.isEmpty() ? "(no message)" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
        }
        String message = answer.path("message").asString("(no message)");
        List<String> details = new ArrayList<>();
        for (JsonNode error : answer.path("errors")) {
            String detail = error.path("message").asString(null);
            if (detail == null) {
                detail = error.path("code").asString(null);
            }
            if (detail != null && !detail.isBlank()) {
                details.add(detail);
            }
        }
        return details.isEmpty() ? message : message + " (" + String.join("; ", details) + ")";
    }
}
