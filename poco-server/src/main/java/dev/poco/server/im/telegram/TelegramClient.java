package dev.poco.server.im.telegram;

import dev.poco.server.im.DeliveryException;
import dev.poco.server.im.ImChannel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
        return answer(method, request);
    }

    private JsonNode answer(String method, HttpRequest request) throws DeliveryException {
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

    /**
     * A {@code multipart/form-data} call with one file part ({@code sendDocument}), streamed from
     * {@link ImChannel.Document#content()} (opened once per call), answered like {@link #call}.
     */
    JsonNode upload(String method, Map<String, String> fields, String fileField, ImChannel.Document file)
            throws DeliveryException {
        String boundary = "poco-" + UUID.randomUUID();
        StringBuilder head = new StringBuilder();
        fields.forEach((name, value) -> head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(fileField).append("\"; filename=\"")
                .append(file.name().replaceAll("[\"\\r\\n\\\\]", "_")).append("\"\r\n")
                .append("Content-Type: ").append(file.mimeType() == null ? "application/octet-stream" : file.mimeType())
                .append("\r\n\r\n");
        byte[] before = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] after = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        InputStream content;
        try {
            content = file.content().open();
        } catch (IOException e) {
            throw new DeliveryException("Telegram " + method + ": cannot read " + file.name() + ": " + e.getMessage(),
                    false, null);
        }
        try (InputStream body = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream(before), content, new ByteArrayInputStream(after))))) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + method))
                    .timeout(timeout.plusSeconds(file.size() / 200_000)) // ~200 KB/s at worst, plus the usual
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> body), before.length + file.size() + after.length))
                    .build();
            return answer(method, request);
        } catch (IOException e) {
            throw new DeliveryException("Telegram " + method + ": " + e.getMessage(), true, null);
        }
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
