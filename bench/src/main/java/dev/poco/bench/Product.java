package dev.poco.bench;

import dev.poco.app.PocoApplication;
import dev.poco.testkit.http.Api;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole product in this JVM, as {@code ./poco start} runs it: {@link PocoApplication} on a
 * random port of 127.0.0.1, a fresh temporary POCO_HOME, the shared embedded PostgreSQL, and the
 * embedded runner only when asked for. Closing it stops the context and deletes the home.
 */
final class Product implements AutoCloseable {

    static final String OVERRIDE_PREFIX = "bench.set.";

    private final ConfigurableApplicationContext context;
    private final Path home;
    private final String base;
    private final String token;

    private Product(ConfigurableApplicationContext context, Path home, String base, String token) {
        this.context = context;
        this.home = home;
        this.base = base;
        this.token = token;
    }

    /**
     * @param databaseUrl {@code poco.database.url}
     * @param extra more properties (e.g. the model endpoint and the runner's settings)
     */
    static Product boot(String databaseUrl, boolean runner, Map<String, String> extra) throws IOException {
        Path home = Files.createTempDirectory("poco-bench-home");
        String token = "bench-" + UUID.randomUUID();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("server.address", "127.0.0.1");
        properties.put("poco.home", home.toString());
        properties.put("poco.database.url", databaseUrl);
        properties.put("poco.auth.mode", "trusted_header");
        properties.put("poco.auth.internal-api-token", token);
        properties.put("poco.runner.enabled", Boolean.toString(runner));
        properties.put("poco.model.api-key", "sk-ant-bench-" + UUID.randomUUID());
        properties.putAll(extra);
        // what-if runs: -Dbench.set.<property>=<value> overrides any property of the booted product
        System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith(OVERRIDE_PREFIX))
                .forEach(n -> properties.put(n.substring(OVERRIDE_PREFIX.length()), System.getProperty(n)));
        // Command-line arguments outrank application.yml (and its ${PORT:8000}-style environment defaults).
        List<String> args = new ArrayList<>();
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PocoApplication.class)
                .logStartupInfo(false)
                .run(args.toArray(String[]::new));
        String port = Objects.requireNonNull(context.getEnvironment().getProperty("local.server.port"),
                "local.server.port");
        return new Product(context, home, "http://127.0.0.1:" + port, token);
    }

    String base() {
        return base;
    }

    /** A client acting as {@code userId} (trusted-header mode). */
    Api user(String userId) {
        return new Api(base, Map.of()).as(userId);
    }

    /** A client acting as a runner (the runner token). */
    Api runner() {
        return new Api(base, Map.of("X-Internal-Token", token));
    }

    @Override
    public void close() {
        context.close();
        deleteQuietly(home);
    }

    static void deleteQuietly(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a temporary directory left behind; nothing else to do
        }
    }
}
