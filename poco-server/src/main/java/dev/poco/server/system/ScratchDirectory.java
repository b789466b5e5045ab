package dev.poco.server.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Scratch files stay under {@code $POCO_HOME/tmp}, never in the system's {@code /tmp}: Tomcat's
 * work directory (Boot would make a {@code tomcat.*} directory in {@code java.io.tmpdir} and
 * cannot delete it at exit because it is not empty) goes to {@code tmp/tomcat-<pid>}, removed
 * after the server stopped. {@code ./poco start} also points {@code java.io.tmpdir} there, and
 * whatever a killed Poco left is removed at the next start, once {@link PocoHomeLock} proves no
 * other Poco uses this home.
 */
@Configuration(proxyBeanMethods = false)
class ScratchDirectory {

    private static final Logger log = LoggerFactory.getLogger(ScratchDirectory.class);

    static Path of(Path home) {
        return home.resolve("tmp");
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> tomcatScratchDirectory(PocoProperties poco) {
        return factory -> {
            Path dir = of(poco.home()).resolve("tomcat-" + ProcessHandle.current().pid());
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IllegalStateException("Could not create " + dir + "; make POCO_HOME writable", e);
            }
            factory.setBaseDirectory(dir.toFile());
            SpringApplication.getShutdownHandlers().add(() -> deleteTree(dir));
        };
    }

    /** Empties {@code $POCO_HOME/tmp}; only for the holder of the home's lock. */
    static void clean(PocoHomeLock lock, Path home) {
        Path dir = of(home);
        if (!Files.isDirectory(dir)) {
            return;
        }
        // what this process made already (Tomcat's work directory is set up before the database)
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(p -> modifiedBefore(p, started)).forEach(ScratchDirectory::deleteTree);
        } catch (IOException e) {
            log.warn("Could not clean {}: {}", dir, e.getMessage());
        }
    }

    private static boolean modifiedBefore(Path path, Instant instant) {
        try {
            return Files.getLastModifiedTime(path).toInstant().isBefore(instant);
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.debug("Could not delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            log.debug("Could not delete {}: {}", root, e.getMessage());
        }
    }
}
