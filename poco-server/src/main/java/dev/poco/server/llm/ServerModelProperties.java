package dev.poco.server.llm;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the server's own model calls go and with which model. The endpoint and credentials are the same
 * {@code ANTHROPIC_*} settings the runner's gateway uses ({@code poco.model.*}); the model and limits are
 * {@code poco.server-model.*}.
 *
 * @param baseUrl {@code ANTHROPIC_BASE_URL}; a trailing {@code /} or {@code /v1} is dropped, as poco does
 * @param apiKey {@code ANTHROPIC_API_KEY}, sent as {@code x-api-key}
 * @param authToken {@code ANTHROPIC_AUTH_TOKEN}, sent as {@code Authorization: Bearer} when there is no key
 * @param model {@code POCO_SERVER_MODEL}, default {@code DEFAULT_MODEL}
 * @param timeoutSeconds {@code POCO_SERVER_MODEL_TIMEOUT_SECONDS}, per attempt (poco: 15)
 * @param maxRetries {@code POCO_SERVER_MODEL_MAX_RETRIES} (poco: 2)
 */
record ServerModelProperties(
        @Nullable String baseUrl,
        @Nullable String apiKey,
        @Nullable String authToken,
        String model,
        int timeoutSeconds,
        int maxRetries) {

    boolean configured() {
        return present(apiKey) || present(authToken);
    }

    String normalizedBaseUrl() {
        String url = baseUrl == null || baseUrl.isBlank() ? "https://api.anthropic.com" : baseUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (url.endsWith("/v1")) {
            url = url.substring(0, url.length() - 3);
        }
        return url;
    }

    @Override
    public String toString() { // never the credentials
        return "ServerModelProperties[baseUrl=" + baseUrl + ", model=" + model + ", configured=" + configured() + "]";
    }

    private static boolean present(@Nullable String value) {
        return value != null && !value.isBlank();
    }
}
