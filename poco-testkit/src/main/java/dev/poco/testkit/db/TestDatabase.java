package dev.poco.testkit.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL that tests run against, started at most once per JVM and stopped when the JVM
 * exits. {@link #url()} is what a test hands to Poco's {@code DATABASE_URL}: a
 * {@code postgresql://user:pass@host:port/db} URL, the form poco accepts.
 *
 * <p>Thread-safe; the first call blocks while the embedded server starts (1–4 s).
 */
public final class TestDatabase {

    /** Environment variable naming an external test database, in poco's URL form or as JDBC URL. */
    public static final String EXTERNAL_URL_ENV = "POCO_TEST_DATABASE_URL";

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static @Nullable String url;

    private TestDatabase() {}

    public static synchronized String url() {
        if (url == null) {
            String external = System.getenv(EXTERNAL_URL_ENV);
            url = external != null && !external.isBlank() ? external.trim() : startEmbedded();
        }
        return url;
    }

    private static String startEmbedded() {
        try {
            Path dir = Files.createTempDirectory("poco-test-pg");
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(true)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    log.warn("Could not stop the embedded test PostgreSQL: {}", e.getMessage());
                }
            }, "test-postgres-stop"));
            String result = "postgresql://postgres:postgres@127.0.0.1:" + pg.getPort() + "/postgres";
            log.info("Embedded test PostgreSQL listening on port {}", pg.getPort());
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded test PostgreSQL", e);
        }
    }
}
