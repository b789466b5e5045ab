package dev.poco.server.system;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.poco.server.common.PgNotifications;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
            DatabaseUrl url = DatabaseUrl.parse(properties.url());
            log.info("Using the PostgreSQL at {}", url.describe());
            return url;
        }
        EmbeddedPostgres pg = EmbeddedDatabaseHolder.start(poco.dataDir().resolve("postgres"));
        return new DatabaseUrl("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", "postgres", null);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseUrl url, DatabaseProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(properties.poolSize());
        config.setConnectionTimeout(Duration.ofSeconds(properties.poolTimeoutSeconds()).toMillis());
        config.setPoolName("poco");
        config.addDataSourceProperty("ApplicationName", "poco");
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
        private static EmbeddedPostgres instance;

        static synchronized EmbeddedPostgres start(Path dataDir) {
            if (instance != null) {
                return instance;
            }
            try {
                Files.createDirectories(dataDir);
                log.info("Starting the embedded PostgreSQL (data in {})", dataDir);
                long t0 = System.nanoTime();
                EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(false)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        // our own handler stops it after the context closed; zonky's hook would race it
                        .setRegisterShutdownHook(false)
                        .start();
                log.info("Embedded PostgreSQL ready on 127.0.0.1:{} in {} ms", pg.getPort(),
                        (System.nanoTime() - t0) / 1_000_000);
                // Stop the database after the application context is closed: a plain JVM shutdown
                // hook would run alongside Spring's and kill PostgreSQL while runs are still being
                // failed and requests finished during graceful shutdown.
                SpringApplication.getShutdownHandlers().add(() -> {
                    try {
                        pg.close();
                    } catch (IOException e) {
                        log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
                    }
                });
                instance = pg;
                return pg;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDir
                        + ". If another Poco is running with the same POCO_HOME, stop it or set POCO_HOME"
                        + " to another directory; to use your own server set DATABASE_URL.", e);
            }
        }
    }
}
