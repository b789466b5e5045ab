package dev.poco.server.system;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where Poco keeps its state ({@code POCO_HOME}, default {@code ~/.poco}): {@code data/postgres}
 * for the embedded database, {@code secrets/} for generated tokens, {@code workspaces/} for
 * session workspaces, {@code runtime/} for the Claude Code CLI. Also poco's {@code APP_NAME} and
 * {@code APP_VERSION}, shown by the health endpoints.
 */
@Validated
@ConfigurationProperties("poco")
public record PocoProperties(@NotNull Path home, String appName, String appVersion) {

    public Path dataDir() {
        return home.resolve("data");
    }

    public Path secretsDir() {
        return home.resolve("secrets");
    }
}
