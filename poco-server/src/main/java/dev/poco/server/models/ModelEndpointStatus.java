package dev.poco.server.models;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whether this process has model credentials ({@code ANTHROPIC_API_KEY} or
 * {@code ANTHROPIC_AUTH_TOKEN}); the values themselves are the runner's business and never leave
 * this record.
 */
@ConfigurationProperties("poco.model")
public record ModelEndpointStatus(@Nullable String apiKey, @Nullable String authToken) {

    public boolean configured() {
        return (apiKey != null && !apiKey.isBlank()) || (authToken != null && !authToken.isBlank());
    }

    @Override
    public String toString() {
        return "ModelEndpointStatus[configured=" + configured() + "]";
    }
}
