package dev.poco.server.im.telegram;

import dev.poco.server.im.DeliveryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The Bot API over plain HTTPS: {@code POST <api>/bot<token>/<method>} with a JSON body, answer
 * {@code {ok, result}} or {@code {ok:false, error_code, description, parameters:{retry_after}}}. Errors become
 * {@link DeliveryException}s: retryable for network trouble, 5xx and 429 (with {@code retry_after}), final otherwise.
 * The token never appears in an exception message.
 */
final class TelegramClient {

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final String base;
    private final Duration timeout;

    TelegramClient(String apiUrl, String token, Duration timeout, ObjectMapper mapper) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.mapper = mapper;
        this.base = apiUrl.replaceAll("/+$", "") + "/bot" + token + "/";
        this.timeout = timeout;
    }

    JsonNode call(String method, Object body) throws DeliveryException {
        return call(method, body, timeout);
    }

    JsonNode call(String method, Object body, Duration requestTimeout) throws DeliveryException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + method))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeliveryException("Telegram " + method + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("Telegram " + method + ": interrupted", true, null);
        }
        JsonNode answer;
        try {
            answer = mapper.readTree(response.body());
        } catch (RuntimeException e) {
            answer = null;
        }
        int status = response.statusCode();
        if (status == 200 && answer != null && answer.path("ok").asBoolean(false)) {
            return answer.path("result");
        }
        String description = answer == null ? "HTTP " + status : answer.path("description").asString("HTTP " + status);
        int code = answer == null ? status : answer.path("error_code").asInt(status);
        if (code == 429) {
            int after = answer == null ? 0 : answer.path("parameters").path("retry_after").asInt(0);
            throw new DeliveryException("Telegram " + method + ": 429 " + description, true,
                    after > 0 ? Duration.ofSeconds(after) : null);
        }
        boolean retryable = code >= 500 || status >= 500 || code == 409 && method.equals("getUpdates");
        throw new TelegramApiException(method, code, description, retryable);
    }

    /** A Bot API error answer. */
    static final class TelegramApiException extends DeliveryException {
        private final int code;

        TelegramApiException(String method, int code, String description, boolean retryable) {
            super("Telegram " + method + ": " + code + " " + description, retryable, null);
            this.code = code;
        }

        int code() {
            return code;
        }
    }
}
