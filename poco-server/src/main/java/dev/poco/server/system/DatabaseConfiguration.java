package dev.poco.server.system;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.poco.server.common.PgNotifications;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database: the PostgreSQL named by {@code DATABASE_URL}, or else an embedded PostgreSQL
 * whose data lives under {@code $POCO_HOME/data/postgres} and survives restarts. Flyway (Boot's
 * auto-configuration) migrates whichever it is.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean
    DatabaseUrl databaseUrl(DatabaseProperties properties, PocoProperties poco) {
        if (!properties.embedded()) {
            DatabaseUrl url = DatabaseUrl.parse(Objects.requireNonNull(properties.url()))
                    .withCredentialsFrom(properties.userFile(), properties.passwordFile());
            log.info("Using the PostgreSQL at {}", url.describe());
            return url;
        }
        EmbeddedDatabase db = EmbeddedDatabaseHolder.start(poco.home());
        return new DatabaseUrl(db.jdbcUrl(), EmbeddedDatabase.USER, db.password());
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseUrl url, DatabaseProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(properties.poolSize());
        // Every connection is opened at start and kept (Hikari's fixed-size pool): opened during a burst of runs,
        // each cost a SCRAM handshake (4096 rounds of PBKDF2 on both ends) just when the cores were busiest, and
        // requests waited while Hikari opened them one at a time. Measured with 50 runs at once (./poco bench wave,
        // a warm pool of 50): with 10 connections every one was busy, and heartbeats, callbacks and event streams
        // waited 3-4 s for one and got 503; with 30, p95 to the first model request fell from 20-24 s to 14 s.
        config.setMinimumIdle(properties.poolSize());
        // When the database is gone a request waits at most this long for a connection, then
        // answers 503 (DatabaseUnavailableAdvice); health turns DOWN just as fast.
        config.setConnectionTimeout(Duration.ofSeconds(properties.poolTimeoutSeconds()).toMillis());
        config.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        config.setPoolName("poco");
        config.addDataSourceProperty("ApplicationName", "poco");
        // pgjdbc's own limits, in seconds: connecting, and a server that stops answering mid-query
        config.addDataSourceProperty("connectTimeout", "3");
        config.addDataSourceProperty("socketTimeout", "60");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }

    @Bean
    PgNotifications pgNotifications(DatabaseUrl url) {
        return new PgNotifications(url.jdbcUrl(), url.user(), url.password());
    }

    /**
     * Keeps the embedded server for the life of the JVM: Spring contexts come and go in tests and
     * in a restart of the context, the database stays until the process exits.
     */
    static final class EmbeddedDatabaseHolder {
        private static @Nullable EmbeddedDatabase instance;

        static synchronized EmbeddedDatabase start(Path home) {
            if (instance != null) {
                return instance;
            }
            Path dataDir = EmbeddedDatabase.dataDirOf(home);
            PocoHomeLock lock;
            try {
                lock = PocoHomeLock.acquire(home);
            } catch (PocoHomeLock.AnotherPocoRunningException e) {
                log.error(e.getMessage());
                throw e;
            }
            ScratchDirectory.clean(lock, home);
            try {
                log.info("Starting the embedded PostgreSQL (data in {})", dataDir);
                long t0 = System.nanoTime();
                EmbeddedDatabase db = EmbeddedDatabase.start(home, EmbeddedDatabase.binariesOf(home),
                        Duration.ofSeconds(60));
                log.info("Embedded PostgreSQL ready on 127.0.0.1:{} in {} ms", db.port(),
                        (System.nanoTime() - t0) / 1_000_000);
                // Stop the database after the application context is closed: a plain JVM shutdown
                // hook would run alongside Spring's and kill PostgreSQL while runs are still being
                // failed and requests finished during graceful shutdown.
                SpringApplication.getShutdownHandlers().add(() -> {
                    try {
                        db.close();
                    } catch (IOException e) {
                        log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
                    }
                });
                instance = db;
                return db;
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dataDir
                        + " (" + e.getMessage() + "). If the directory is not writable, fix that or set POCO_HOME"
                        + " to another directory; to use your own server set DATABASE_URL.", e);
            }
        }
    }
}
