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

    /**
     * A new, empty database on the same server (named {@code prefix} plus a random suffix), for a test context that
     * must not share tables with the others (for example one whose first user becomes the admin). Returns its URL in
     * the same form as {@link #url()}.
     */
    public static synchronized String freshDatabase(String prefix) {
        String base = url();
        java.net.URI uri = java.net.URI.create(base.replaceFirst("^jdbc:", ""));
        String name = (prefix + "_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String[] userInfo = uri.getUserInfo() == null ? new String[] {"postgres", ""} : uri.getUserInfo().split(":", 2);
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbc, userInfo[0],
                userInfo.length > 1 ? userInfo[1] : "");
                java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Could not create test database " + name + ": " + e.getMessage(), e);
        }
        return base.substring(0, base.lastIndexOf('/') + 1) + name;
    }

    private static String startEmbedded() {
        try {
            Path dir = Files.createTempDirectory("poco-test-pg");
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(true)
                    // Every Spring context a test JVM caches keeps its server's pool open (DB_POOL_SIZE, 30 by
                    // default) and a dozen differently configured contexts share this server: the default 300
                    // connections ran out once accounts, OIDC and sharing added theirs.
                    .setServerConfig("max_connections", "1000")
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
