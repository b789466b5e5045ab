package dev.poco.server.im.feishu;

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
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The Feishu Open Platform over plain HTTPS. A tenant access token from
 * {@code POST /open-apis/auth/v3/tenant_access_token/internal} is cached until five minutes before its
 * {@code expire} (half its life when that is shorter) and fetched again then, or at once when a call answers
 * 99991663 / 99991661 (token invalid or missing): that call is repeated once with the new token. Answers are
 * {@code {code, msg, …}}; a non-zero code or a non-2xx status becomes a {@link DeliveryException}: retryable for
 * network trouble, 5xx and rate limits (429, codes 99991400 and 230020, with {@code x-ogw-ratelimit-reset}), final
 * otherwise (bot not in the chat, bad request, wrong App Secret). The secret and the token never appear in a message.
 */
final class FeishuClient {

    static final String TOKEN_PATH = "/open-apis/auth/v3/tenant_access_token/internal";
    static final String MESSAGES_PATH = "/open-apis/im/v1/messages";
    static final String BOT_INFO_PATH = "/open-apis/bot/v3/info";
    private static final Set<Integer> TOKEN_INVALID = Set.of(99991663, 99991661, 99991664, 99991665);
    private static final Set<Integer> RATE_LIMITED = Set.of(99991400, 230020, 11232);
    private static final Duration EARLY = Duration.ofMinutes(5);

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final String base;
    private final String appId;
    private final String appSecret;
    private final Duration timeout;
    private final Clock clock;
    private @Nullable String token;
    private Instant refreshAt = Instant.MIN;

    FeishuClient(String baseUrl, String appId, String appSecret, Duration timeout, ObjectMapper mapper, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.mapper = mapper;
        this.base = baseUrl.replaceAll("/+$", "");
        this.appId = appId;
        this.appSecret = appSecret;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Sends one message to a chat; returns Feishu's {@code data} ({@code message_id}, …). */
    JsonNode sendMessage(String chatId, String msgType, String content) throws DeliveryException {
        return authorized("POST", MESSAGES_PATH + "?receive_id_type=chat_id",
                Map.of("receive_id", chatId, "msg_type", msgType, "content", content)).path("data");
    }

    /** The bot's own {@code app_name} and {@code open_id}. */
    JsonNode botInfo() throws DeliveryException {
        return authorized("GET", BOT_INFO_PATH, null).path("bot");
    }

    private JsonNode authorized(String method, String path, @Nullable Object body) throws DeliveryException {
        String current = token();
        try {
            return call(method, path, body, current);
        } catch (FeishuApiException e) {
            if (!TOKEN_INVALID.contains(e.code())) {
                throw e;
            }
            invalidate(current);
            return call(method, path, body, token());
        }
    }

    /** The cached tenant access token, fetched when there is none or it is about to expire. */
    synchronized String token() throws DeliveryException {
        if (token != null && clock.instant().isBefore(refreshAt)) {
            return token;
        }
        JsonNode answer = call("POST", TOKEN_PATH, Map.of("app_id", appId, "app_secret", appSecret), null);
        String fresh = answer.path("tenant_access_token").asString("");
        long expire = answer.path("expire").asLong(0);
        if (fresh.isEmpty() || expire <= 0) {
            throw new DeliveryException("Feishu tenant_access_token: no token in the answer", true, null);
        }
        Duration life = Duration.ofSeconds(expire);
        Duration early = life.compareTo(EARLY.multipliedBy(2)) > 0 ? EARLY : life.dividedBy(2);
        token = fresh;
        refreshAt = clock.instant().plus(life).minus(early);
        return fresh;
    }

    private synchronized void invalidate(String stale) {
        if (stale.equals(token)) {
            token = null;
        }
    }

    private JsonNode call(String method, String path, @Nullable Object body, @Nullable String bearer)
            throws DeliveryException {
        String what = "Feishu " + path.replaceAll("\\?.*", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body),
                    StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeliveryException(what + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(what + ": interrupted", true, null);
        }
        JsonNode answer;
        try {
            answer = mapper.readTree(response.body());
        } catch (RuntimeException e) {
            answer = null;
        }
        int status = response.statusCode();
        int code = answer == null || !answer.path("code").isNumber() ? -1 : answer.path("code").asInt();
        if (answer != null && status / 100 == 2 && code == 0) {
            return answer;
        }
        String msg = answer == null ? "" : answer.path("msg").asString("");
        String description = "HTTP " + status + (code >= 0 ? ", code " + code : "") + (msg.isEmpty() ? "" : ": " + msg);
        if (status == 429 || RATE_LIMITED.contains(code)) {
            long reset = response.headers().firstValueAsLong("x-ogw-ratelimit-reset").orElse(0);
            throw new FeishuApiException(what, code, description, true, reset > 0 ? Duration.ofSeconds(reset) : null);
        }
        throw new FeishuApiException(what, code, description, status >= 500 || code == -1 && status / 100 != 4, null);
    }

    /** An Open Platform error answer; {@code code} is Feishu's (or -1 when the body had none). */
    static final class FeishuApiException extends DeliveryException {
        private final int code;

        FeishuApiException(String what, int code, String description, boolean retryable,
                @Nullable Duration retryAfter) {
            super(what + ": " + description, retryable, retryAfter);
            this.code = code;
        }

        int code() {
            return code;
        }
    }
}
