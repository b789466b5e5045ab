package dev.poco.server.envvars;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys of env var encryption. {@code POCO_SECRET_KEY} (at least 16 characters) derives the
 * AES-256-GCM key of every value Poco writes; when unset, one is generated once into
 * {@code $POCO_HOME/secrets/secret-key}. {@code POCO_LEGACY_SECRET_KEY}, else poco's own
 * {@code SECRET_KEY}, else poco's default {@code change-this-secret-key-in-production}, is the
 * {@code SECRET_KEY} of the poco installation whose database this is: values poco wrote (Fernet)
 * are read with it, never written.
 */
@ConfigurationProperties("poco.secrets")
public record SecretsProperties(
        @Nullable String secretKey,
        @DefaultValue(SecretsProperties.POCO_DEFAULT_SECRET_KEY) String legacySecretKey) {

    /** poco's default {@code SECRET_KEY} (reference/poco-backend-api.md §4.1). */
    public static final String POCO_DEFAULT_SECRET_KEY = "change-this-secret-key-in-production";
}
