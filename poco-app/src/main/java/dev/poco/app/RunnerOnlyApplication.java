package dev.poco.app;

import dev.poco.runner.config.RunnerConfiguration;
import dev.poco.runner.config.RunnerLauncher;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A runner alone ({@code POCO_ROLE=runner}, what {@code ./poco runner} starts): no web server, no
 * database; it works for the server at {@code POCO_SERVER_URL} with {@code INTERNAL_API_TOKEN}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        // the server's module events are kept in its database; a runner has neither
        "org.springframework.modulith.events.jdbc.JdbcEventPublicationAutoConfiguration",
        "org.springframework.modulith.events.config.EventPublicationAutoConfiguration"})
@Import(RunnerConfiguration.class)
class RunnerOnlyApplication {

    @Bean
    ApplicationRunner startRemoteRunner(RunnerLauncher launcher,
            @Value("${poco.runner.server-url:}") @Nullable String serverUrl,
            @Value("${poco.auth.internal-api-token:}") @Nullable String token) {
        return args -> {
            if (serverUrl == null || serverUrl.isBlank()) {
                throw new IllegalStateException("POCO_SERVER_URL is not set: a runner needs the server's URL"
                        + " (./poco runner --server http://host:8000 --token …)");
            }
            if (token == null || token.isBlank()) {
                throw new IllegalStateException("INTERNAL_API_TOKEN is not set: a runner needs the server's runner"
                        + " token (on the server: $POCO_HOME/secrets/internal-api-token)");
            }
            launcher.start(URI.create(serverUrl.strip()), token.strip());
        };
    }
}
