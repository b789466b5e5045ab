package dev.poco.server.system;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database a command-line tool works on, found as {@code ./poco db} finds it ({@link DatabaseCommand}):
 * {@code DATABASE_URL} (with {@code DATABASE_USER_FILE} / {@code DATABASE_PASSWORD_FILE}), else the embedded one of
 * {@code POCO_HOME}, started for the tool while Poco is stopped (the home's lock refuses otherwise). Closing stops
 * the embedded database.
 */
public final class TargetDatabase implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(TargetDatabase.class);

    private final DatabaseUrl url;
    private final @Nullable EmbeddedDatabase embedded;

    private TargetDatabase(DatabaseUrl url, @Nullable EmbeddedDatabase embedded) {
        this.url = url;
        this.embedded = embedded;
    }

    /**
     * Opens Poco's database as {@code env} names it, printing which one to {@code out}.
     *
     * @throws IllegalStateException when another Poco runs on the embedded database's home
     * @throws IllegalArgumentException when {@code DATABASE_URL} is malformed
     */
    public static TargetDatabase open(Map<String, String> env, PrintStream out) throws IOException {
        String raw = env.getOrDefault("DATABASE_URL", "");
        if (!raw.isBlank()) {
            DatabaseUrl url = DatabaseUrl.parse(raw).withCredentialsFrom(env.get("DATABASE_USER_FILE"),
                    env.get("DATABASE_PASSWORD_FILE"));
            out.println("poco: database " + url.describe());
            return new TargetDatabase(url, null);
        }
        Path home = home(env);
        PocoHomeLock.acquire(home); // refuses while Poco runs on this home; released when this process exits
        out.println("poco: the embedded database of " + home);
        EmbeddedDatabase embedded = EmbeddedDatabase.start(home, EmbeddedDatabase.binariesOf(home),
                Duration.ofSeconds(60));
        return new TargetDatabase(new DatabaseUrl(embedded.jdbcUrl(), EmbeddedDatabase.USER, embedded.password()),
                embedded);
    }

    /** {@code POCO_HOME}, by default {@code ~/.poco}. */
    public static Path home(Map<String, String> env) {
        return Path.of(env.getOrDefault("POCO_HOME", System.getProperty("user.home") + "/.poco"))
                .toAbsolutePath().normalize();
    }

    public DatabaseUrl url() {
        return url;
    }

    /** Stops the embedded database, if this started one; a failure to stop is logged, not thrown. */
    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                log.warn("The embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
