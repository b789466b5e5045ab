package dev.poco.app.support;

import dev.poco.testkit.db.TestDatabase;
import dev.poco.testkit.telegram.FakeTelegramServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * What the shared {@link PasswordMode} application differs in from the shared {@code trusted_header} one (both stay
 * up in the test JVM, Spring caches both): the mode, its own database and {@code POCO_HOME} (the runners' warm
 * workspaces must not meet), its own fake Telegram (both apps long-poll theirs; one update must reach one app), and
 * no Feishu or DingTalk clients (their fakes are the other app's).
 */
public final class PasswordModeApp {

    public static final Path HOME = tempDir();
    public static final FakeTelegramServer TELEGRAM = new FakeTelegramServer("42:e2e-token", "PocoE2eBot").start();
    private static @Nullable String database;

    private PasswordModeApp() {}

    /** Whether {@code testClass} runs against the password-mode application. */
    public static boolean on(Class<?> testClass) {
        return org.springframework.core.annotation.AnnotatedElementUtils.hasAnnotation(testClass, PasswordMode.class);
    }

    private static synchronized String database() {
        if (database == null) {
            database = TestDatabase.freshDatabase("poco_e2e_password");
        }
        return database;
    }

    /**
     * Laid over the end-to-end test's dynamic properties: added first, after them, so these win (the base class
     * checks that the app it talks to really is in password mode).
     */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Map<String, Object> properties = Map.of(
                    "poco.auth.mode", "password",
                    "poco.database.url", database(),
                    "poco.home", HOME.toString(),
                    "poco.telegram.api-url", TELEGRAM.baseUrl(),
                    "poco.feishu.enabled", "false",
                    "poco.dingtalk.enabled", "false",
                    // every test signs in from 127.0.0.1: the per-address bucket must not lock the suite out
                    "poco.accounts.login-max-failures-per-address", "100000");
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("poco-password-mode",
                    properties));
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("poco-e2e-password-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
