package dev.poco.app;

import dev.poco.server.pocoimport.PocoImportCommand;
import dev.poco.server.system.DatabaseCommand;
import java.util.Locale;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Import;
import dev.poco.runner.config.RunnerConfiguration;
import dev.poco.runner.sandbox.Doctor;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Poco in one process: the control plane (REST API, event streams, web UI) and, unless
 * {@code POCO_ROLE=server}, an embedded runner that executes tasks in bubblewrap sandboxes.
 * {@code POCO_ROLE=runner} starts only a runner for a remote server ({@code POCO_SERVER_URL}). The argument
 * {@code doctor} prints the sandbox's isolation on this host and exits ({@code ./poco doctor}); {@code db export|import
 * FILE} copies the database to a file and back ({@code ./poco db}); {@code import-poco} brings a poco installation's
 * data over ({@code ./poco import-poco}).
 */
// Scans the server and dev.poco.app.web only: RunnerOnlyApplication (in this package) must not be
// picked up, or its auto-configuration exclusions (no database) would apply here too.
@SpringBootApplication(scanBasePackages = {"dev.poco.server", "dev.poco.app.web"})
@Import(RunnerConfiguration.class)
public class PocoApplication {

    /**
     * Start-up leaves the heap grown to hold everything Spring built and threw away; one full
     * collection once ready lets the JVM give that back (with {@code ./poco start}'s
     * {@code -XX:MaxHeapFreeRatio}), so an idle Poco stays small. Costs one pause of a few
     * hundred milliseconds, once, after the server is already answering.
     */
    static final class CompactHeapWhenReady implements ApplicationListener<ApplicationReadyEvent> {
        @Override
        public void onApplicationEvent(ApplicationReadyEvent event) {
            System.gc();
        }
    }

    /**
     * {@code admin create --username U} ({@code ./poco admin create}): creates the first admin in this POCO_HOME's
     * database (password from POCO_ADMIN_PASSWORD or standard input) and exits; no runner, no public port.
     */
    static int adminCommand(String[] args) {
        String username = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--username") && i + 1 < args.length) {
                username = args[++i];
            } else if (args[i].startsWith("--username=")) {
                username = args[i].substring("--username=".length());
            } else if (!args[i].equals("create")) {
                System.err.println("poco: unknown argument for admin: " + args[i]);
                return 2;
            }
        }
        if (args.length < 2 || !args[1].equals("create") || username == null || username.isBlank()) {
            System.err.println("Usage: ./poco admin create --username NAME (password from POCO_ADMIN_PASSWORD or stdin)");
            return 2;
        }
        try (var context = new SpringApplicationBuilder(PocoApplication.class)
                .properties("poco.runner.enabled=false", "server.port=0", "server.address=127.0.0.1",
                        "poco.schedules.enabled=false", "poco.admin.create-username=" + username)
                .run()) {
            return 0;
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalStateException
                    && String.valueOf(cause.getMessage()).startsWith("Could not create the admin"))) {
                cause = cause.getCause();
            }
            System.err.println("poco: " + cause.getMessage());
            return 1;
        }
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("doctor")) {
            LoggingSystem logging = LoggingSystem.get(PocoApplication.class.getClassLoader());
            logging.beforeInitialize();
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.ERROR); // the report says it all
            System.exit(Doctor.run(System.out, System.getenv()));
        }
        if (args.length > 0 && args[0].equals("db")) {
            LoggingSystem logging = LoggingSystem.get(PocoApplication.class.getClassLoader());
            logging.beforeInitialize();
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
            System.exit(DatabaseCommand.run(args, System.getenv(), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("import-poco")) {
            LoggingSystem logging = LoggingSystem.get(PocoApplication.class.getClassLoader());
            logging.beforeInitialize();
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
            System.exit(PocoImportCommand.run(args, System.getenv(), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("admin")) {
            System.exit(adminCommand(args));
        }
        String role = System.getenv().getOrDefault("POCO_ROLE", System.getProperty("poco.role", "all"))
                .strip().toLowerCase(Locale.ROOT);
        switch (role) {
            case "all", "" -> new SpringApplicationBuilder(PocoApplication.class)
                    .listeners(new CompactHeapWhenReady()).run(args);
            case "server" -> new SpringApplicationBuilder(PocoApplication.class)
                    .listeners(new CompactHeapWhenReady())
                    .properties("poco.runner.enabled=false").run(args);
            case "runner" -> new SpringApplicationBuilder(RunnerOnlyApplication.class)
                    .listeners(new CompactHeapWhenReady())
                    .web(WebApplicationType.NONE).run(args);
            default -> {
                System.err.println("POCO_ROLE must be all, server or runner (got \"" + role + "\")");
                System.exit(2);
            }
        }
    }
}
