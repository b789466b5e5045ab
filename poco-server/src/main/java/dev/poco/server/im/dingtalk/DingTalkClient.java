package dev.poco.server.im.dingtalk;

import dev.poco.server.im.DeliveryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * DingTalk over plain HTTPS. The OpenAPI ({@code api.dingtalk.com}) wants an app access token in
 * {@code x-acs-dingtalk-access-token}: it comes from {@code POST /v1.0/oauth2/accessToken} with the AppKey and
 * AppSecret, is cached until a minute before its {@code expireIn} and fetched again then, or at once when DingTalk
 * refuses it (401). Errors are {@code {code, message}} with an HTTP status; a session webhook answers
 * {@code {errcode, errmsg}}. Both become {@link DeliveryException}s: retryable for network trouble, 429 and 5xx, final
 * otherwise. The secret and the token never appear in an exception message.
 */
final class DingTalkClient {

    static final Duration TOKEN_MARGIN = Duration.ofSeconds(60);

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final String api;
    private final String gateway;
    private final String clientId;
    private final String clientSecret;
    private final Duration timeout;
    private final Clock clock;
    private final Object tokenLock = new Object();
    private @Nullable String token;
    private Instant tokenExpires = Instant.EPOCH;

    DingTalkClient(DingTalkProperties properties, String clientId, String clientSecret, ObjectMapper mapper,
            Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.mapper = mapper;
        this.api = properties.apiUrl().replaceAll("/+$", "");
        this.gateway = properties.gatewayUrl().replaceAll("/+$", "");
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.timeout = Duration.ofSeconds(properties.httpTimeoutSeconds());
        this.clock = clock;
    }

    HttpClient http() {
        return http;
    }

    /** Asks the stream gateway for a connection: {@code {endpoint, ticket}}. */
    JsonNode openConnection(Object subscriptions) throws DeliveryException {
        Answer a = post("gateway", gateway + "/v1.0/gateway/connections/open", null, Map.of("clientId", clientId,
                "clientSecret", clientSecret, "subscriptions", subscriptions, "ua", "poco/1.0"));
        if (a.status() != 200 || !a.body().path("endpoint").isString() || !a.body().path("ticket").isString()) {
            throw error("gateway", a);
        }
        return a.body();
    }

    /** An OpenAPI call with the app token; a refused token is replaced once. */
    JsonNode openApi(String path, Object body) throws DeliveryException {
        String what = "OpenAPI " + path;
        Answer a = post(what, api + path, accessToken(false), body);
        if (a.status() == 401 || a.body().path("code").asString("").equals("InvalidAuthentication")) {
            a = post(what, api + path, accessToken(true), body);
        }
        if (a.status() / 100 != 2) {
            throw error(what, a);
        }
        return a.body();
    }

    /** A reply through a message's session webhook ({@code {errcode:0}} when it went through). */
    void sessionWebhook(String url, Object body) throws DeliveryException {
        Answer a = post("sessionWebhook", url, null, body);
        if (a.status() != 200 || a.body().path("errcode").asInt(0) != 0) {
            throw error("sessionWebhook", a);
        }
    }

    String accessToken(boolean refresh) throws DeliveryException {
        synchronized (tokenLock) {
            Instant now = clock.instant();
            if (!refresh && token != null && now.isBefore(tokenExpires)) {
                return token;
            }
            Answer a = post("accessToken", api + "/v1.0/oauth2/accessToken", null,
                    Map.of("appKey", clientId, "appSecret", clientSecret));
            String fresh = a.body().path("accessToken").asString("");
            if (a.status() != 200 || fresh.isEmpty()) {
                throw error("accessToken", a);
            }
            long seconds = a.body().path("expireIn").asLong(7200);
            token = fresh;
            tokenExpires = now.plusSeconds(seconds).minus(TOKEN_MARGIN);
            return fresh;
        }
    }

    private Answer post(String what, String url, @Nullable String accessToken, Object body) throws DeliveryException {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new DeliveryException("DingTalk " + what + ": bad URL", false, null);
        }
        request.timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body), StandardCharsets.UTF_8));
        if (accessToken != null) {
            request.header("x-acs-dingtalk-access-token", accessToken);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeliveryException("DingTalk " + what + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("DingTalk " + what + ": interrupted", true, null);
        }
        JsonNode answer;
        try {
            answer = mapper.readTree(response.body());
        } catch (RuntimeException e) {
            answer = null;
        }
        return new Answer(response.statusCode(), answer == null ? mapper.createObjectNode() : answer,
                response.headers().firstValue("Retry-After").orElse(null));
    }

    private static DeliveryException error(String what, Answer a) {
        JsonNode b = a.body();
        String code = b.path("code").asString(b.path("errcode").asString(""));
        String message = b.path("message").asString(b.path("errmsg").asString(""));
        String text = "DingTalk " + what + ": " + a.status() + (code.isEmpty() ? "" : " " + code)
                + (message.isEmpty() ? "" : " " + message);
        boolean retryable = a.status() == 429 || a.status() >= 500 || code.equals("Throttling")
                || code.equals("130101"); // sending too fast
        Duration after = null;
        if (a.retryAfter() != null && a.retryAfter().matches("\\d{1,5}")) {
            after = Duration.ofSeconds(Long.parseLong(a.retryAfter()));
        }
        return new DeliveryException(text, retryable, after);
    }

    private record Answer(int status, JsonNode body, @Nullable String retryAfter) {}
}
