package dev.poco.server.system;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./poco db export FILE} and {@code ./poco db import FILE} ({@link DatabaseTransfer}): against the database
 * Poco would use with the same environment, {@code DATABASE_URL} (with {@code DATABASE_USER_FILE} /
 * {@code DATABASE_PASSWORD_FILE}) or the embedded one of {@code POCO_HOME}, which needs Poco stopped (the home's
 * lock says so). Plain JDBC and Flyway, no application context: nothing else of Poco starts.
 */
public final class DatabaseCommand {

    static final String USAGE = "Usage: ./poco db export FILE | ./poco db import FILE";
    private static final String MIGRATIONS = "classpath:db/migration";

    private DatabaseCommand() {}

    /**
     * Runs {@code args} ({@code db export FILE} or {@code db import FILE}).
     *
     * @return the process's exit status: 0 done, 1 failed (the message went to {@code err}), 2 bad usage
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length != 3 || !(args[1].equals("export") || args[1].equals("import"))) {
            err.println(USAGE);
            return 2;
        }
        Path file = Path.of(args[2]).toAbsolutePath().normalize();
        try (TargetDatabase target = TargetDatabase.open(env, out)) {
            DatabaseUrl url = target.url();
            Flyway flyway = Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password())
                    .locations(MIGRATIONS).load();
            MigrationInfo current = flyway.info().current();
            try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
                return args[1].equals("export") ? export(connection, current, file, out, err)
                        : importFile(connection, url, current, file, out, err);
            }
        } catch (PocoHomeLock.AnotherPocoRunningException e) {
            err.println("poco: " + e.getMessage() + " Stop it first: the embedded database is only reachable"
                    + " while no Poco uses it.");
            return 1;
        } catch (DatabaseTransfer.TransferException | IllegalArgumentException e) {
            err.println("poco: " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            err.println("poco: the database refused: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("poco: " + file + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("poco: " + e.getMessage());
            return 1;
        }
    }

    private static int export(Connection connection, @Nullable MigrationInfo current, Path file, PrintStream out,
            PrintStream err) throws SQLException, IOException {
        if (current == null) {
            err.println("poco: this database holds no Poco data (no schema yet); nothing to export");
            return 1;
        }
        if (Files.exists(file)) {
            err.println("poco: " + file + " exists; choose a new file name (an export never overwrites one)");
            return 1;
        }
        // written beside the target and moved in when complete, so a failed export leaves no half file behind
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        DatabaseTransfer.Summary summary;
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(partial))) {
            summary = DatabaseTransfer.export(connection, current.getVersion().getVersion(), stream);
        } catch (SQLException | IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        out.println("poco: exported " + summary.rows() + " rows of " + summary.tables().size()
                + " tables (schema version " + summary.schemaVersion() + ") to " + file);
        out.println("poco: files (attachments, workspaces) stay in POCO_HOME or your object store; copy them too"
                + " when moving to another machine, and keep POCO_SECRET_KEY (or $POCO_HOME/secrets) the same");
        return 0;
    }

    private static int importFile(Connection connection, DatabaseUrl url, @Nullable MigrationInfo current,
            Path file, PrintStream out, PrintStream err) throws SQLException, IOException {
        if (!Files.isRegularFile(file)) {
            err.println("poco: " + file + " is not a file; give the path of an export made by ./poco db export");
            return 1;
        }
        MigrationInfo[] all = Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations(MIGRATIONS).load().info().all();
        String latest = all[all.length - 1].getVersion().getVersion();
        DatabaseTransfer.Migrator migrator = target -> {
            var config = Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password())
                    .locations(MIGRATIONS);
            if (target != null) {
                config.target(target);
            }
            config.load().migrate();
        };
        DatabaseTransfer.Summary summary;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            summary = DatabaseTransfer.importInto(connection, in, latest,
                    current == null ? null : current.getVersion().getVersion(), migrator);
        }
        out.println("poco: imported " + summary.rows() + " rows of " + summary.tables().size()
                + " tables (schema version " + summary.schemaVersion() + ", now " + latest + ")");
        return 0;
    }
}
