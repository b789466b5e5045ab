package dev.poco.runner.config;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The real model endpoint, known only to the runner's gateway: {@code ANTHROPIC_BASE_URL},
 * {@code ANTHROPIC_API_KEY} or {@code ANTHROPIC_AUTH_TOKEN}, and {@code DEFAULT_MODEL}.
 */
@ConfigurationProperties("poco.model")
public record ModelEndpointProperties(
        @DefaultValue("https://api.anthropic.com") URI baseUrl,
        @Nullable String apiKey,
        @Nullable String authToken,
        @Nullable String defaultModel) {}
