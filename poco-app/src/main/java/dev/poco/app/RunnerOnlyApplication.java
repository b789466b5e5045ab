package dev.poco.app;

import dev.poco.runner.config.RunnerConfiguration;
import dev.poco.runner.config.RunnerLauncher;
import dev.poco.runner.server.RunnerRegistration;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/**
 * A runner alone ({@code POCO_ROLE=runner}, what {@code ./poco runner} starts): no web server, no
 * database; it works for the server at {@code POCO_SERVER_URL} with its own registered credential (from
 * {@code POCO_RUNNER_REGISTRATION_TOKEN}, kept in {@code $POCO_HOME/secrets/runner-credential}) or with the shared
 * {@code INTERNAL_API_TOKEN}.
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
            @Value("${poco.auth.internal-api-token:}") @Nullable String token,
            @Value("${poco.runner.registration-token:}") @Nullable String registrationToken,
            @Value("${poco.runner.name:}") @Nullable String name,
            @Value("${poco.home}") Path home) {
        return args -> {
            if (serverUrl == null || serverUrl.isBlank()) {
                throw new IllegalStateException("POCO_SERVER_URL is not set: a runner needs the server's URL"
                        + " (./poco runner --server http://host:8000 --registration-token …)");
            }
            URI server = URI.create(serverUrl.strip());
            String host = hostName();
            RunnerRegistration registration = new RunnerRegistration(home.resolve("secrets"),
                    JsonMapper.builder().build());
            // its own credential first (stored by an earlier start, or registered now); the shared token otherwise
            String credential = registration.credential(server, registrationToken,
                    name == null || name.isBlank() ? host : name.strip(), host)
                    .orElseGet(() -> token == null ? "" : token.strip());
            if (credential.isEmpty()) {
                throw new IllegalStateException("This runner has no credential: start it once with"
                        + " POCO_RUNNER_REGISTRATION_TOKEN (an admin creates one under Admin → Runners), or give it the"
                        + " server's INTERNAL_API_TOKEN (on the server: $POCO_HOME/secrets/internal-api-token)");
            }
            launcher.start(server, credential);
        };
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "runner" : env;
        }
    }
}
