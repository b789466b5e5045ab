package dev.poco.app;

import dev.poco.testkit.db.TestDatabase;
import dev.poco.testkit.s3.S3MockServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A server whose runners are on "other hosts": {@code POCO_ROLE=server} settings (trusted-header auth, S3 storage on
 * the testkit's S3Mock, so no file is shared through the server's disk) and runners started alone, as {@code
 * POCO_ROLE=runner} does, each with its own POCO_HOME, reaching the server only over HTTP.
 */
final class RemoteRunners {

    private RemoteRunners() {}

    /** The server's settings; the test class runs with {@code poco.runner.enabled=false}. */
    static void serverProperties(DynamicPropertyRegistry registry, Path home, String runnerToken) {
        registry.add("poco.database.url", TestDatabase::url);
        registry.add("poco.home", home::toString);
        registry.add("poco.auth.mode", () -> "trusted_header");
        registry.add("poco.auth.internal-api-token", () -> runnerToken);
        registry.add("poco.storage.type", () -> "s3");
        registry.add("poco.storage.s3.endpoint", () -> S3MockServer.endpoint().toString());
        registry.add("poco.storage.s3.access-key", () -> S3MockServer.ACCESS_KEY);
        registry.add("poco.storage.s3.secret-key", () -> S3MockServer.SECRET_KEY);
        registry.add("poco.storage.s3.bucket", () -> S3MockServer.BUCKET);
    }

    /**
     * A runner alone for the server on {@code port}, its workspaces under {@code home/runner-workspaces}.
     *
     * @param workerId its worker id, or null for the default (host name and pid: the same for every runner of this
     *     JVM)
     */
    static ConfigurableApplicationContext start(int port, Path home, String runnerToken, String modelBaseUrl,
            @Nullable String workerId) {
        // command-line arguments: they win over application.yml, whose POCO_SERVER_URL default is empty
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "poco.home", home.toString(),
                "poco.runner.server-url", "http://127.0.0.1:" + port,
                "poco.auth.internal-api-token", runnerToken,
                "poco.runner.workspaces-root", home.resolve("runner-workspaces").toString(),
                "poco.model.base-url", modelBaseUrl,
                "poco.model.api-key", "sk-ant-remote-runner-test"));
        if (workerId != null) {
            settings.put("poco.runner.worker-id", workerId);
        }
        return new SpringApplicationBuilder(RunnerOnlyApplication.class)
                .web(WebApplicationType.NONE)
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }
}
