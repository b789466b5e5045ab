package dev.poco.server.auth;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code POCO_AUTH_MODE} (single_user | trusted_header | password | oidc) and {@code INTERNAL_API_TOKEN}, the token
 * runners present on claim, heartbeat and callback calls. When the token is not set Poco
 * generates one and keeps it in {@code $POCO_HOME/secrets/internal-api-token}.
 */
@ConfigurationProperties("poco.auth")
public record AuthProperties(
        @DefaultValue("single_user") AuthMode mode,
        @Nullable String internalApiToken) {}
