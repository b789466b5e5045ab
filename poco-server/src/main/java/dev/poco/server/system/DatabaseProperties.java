package dev.poco.server.system;

import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code DATABASE_USER_FILE} and {@code DATABASE_PASSWORD_FILE} name files holding the user and password (secrets
 * mounted as files), which win over those in the URL.
 * {@code DATABASE_URL} (poco's {@code postgresql://user:pass@host:port/db}, or a JDBC URL); when
 * blank Poco starts its embedded PostgreSQL with data under {@code $POCO_HOME/data/postgres}.
 * {@code DB_POOL_SIZE} is the most connections the pool opens (up to 10 stay open while idle);
 * {@code DB_POOL_TIMEOUT_SECONDS} how long a request waits for a connection before it is answered
 * 503 (kept short so that a database outage shows as "database unavailable" within seconds rather
 * than hanging requests).
 */
@Validated
@ConfigurationProperties("poco.database")
public record DatabaseProperties(
        @Nullable String url,
        @Nullable String userFile,
        @Nullable String passwordFile,
        @DefaultValue("30") @Min(2) int poolSize,
        @DefaultValue("3") @Min(1) int poolTimeoutSeconds) {

    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
