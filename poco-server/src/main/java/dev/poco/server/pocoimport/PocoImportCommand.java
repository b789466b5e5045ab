package dev.poco.server.pocoimport;

import dev.poco.server.envvars.SecretBox;
import dev.poco.server.envvars.SecretsProperties;
import dev.poco.server.storage.BlobStore;
import dev.poco.server.storage.LocalBlobStore;
import dev.poco.server.storage.S3BlobStore;
import dev.poco.server.storage.StorageProperties;
import dev.poco.server.system.DatabaseUrl;
import dev.poco.server.system.TargetDatabase;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./poco import-poco --database URL [options]}: reads a poco backend's database (and with {@code --s3} its
 * bucket) and writes its teams' data into Poco's database, the one {@code ./poco db} uses ({@code DATABASE_URL}, else
 * the embedded one of {@code POCO_HOME}, Poco stopped), and into Poco's storage ({@code POCO_STORAGE}). One
 * transaction: on any failure nothing is written. Exit status 0 done, 2 anything refused (message on {@code err}, no
 * stack trace).
 */
public final class PocoImportCommand {

    static final String USAGE = """
            Usage: ./poco import-poco --database URL [--secret-key-file FILE] [--dry-run]
                                      [--s3 ENDPOINT/BUCKET [--s3-region REGION] [--s3-access-key-file FILE]
                                       [--s3-secret-key-file FILE]] [--user-map OLD=NEW,...]
              --database URL         poco's PostgreSQL, e.g. postgresql://poco:secret@db:5432/poco
              --secret-key-file F    a file holding poco's SECRET_KEY (else POCO_LEGACY_SECRET_KEY or SECRET_KEY,
                                     else poco's default): decrypts poco's env vars
              --s3 ENDPOINT/BUCKET   copy workspace exports, skill and plugin files from poco's bucket, e.g.
                                     http://minio:9000/poco; keys from POCO_IMPORT_S3_ACCESS_KEY /
                                     POCO_IMPORT_S3_SECRET_KEY or the two --s3-*-key-file options
              --user-map OLD=NEW,... import poco user OLD's rows as user NEW (default: the same user id)
              --dry-run              report what would be imported and write nothing""";

    private PocoImportCommand() {}

    /** The parsed command line. */
    record Arguments(String database, @Nullable Path secretKeyFile, boolean dryRun, @Nullable String s3,
            String s3Region, @Nullable Path s3AccessKeyFile, @Nullable Path s3SecretKeyFile,
            Map<String, String> userMap) {}

    /** Refused input or state, with the message the operator reads. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Runs {@code args} ({@code import-poco …}); returns the exit status. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            Arguments arguments = parse(args);
            return run(arguments, env, out);
        } catch (Refused e) {
            err.println("poco: " + e.getMessage());
            return 2;
        } catch (IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("poco: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("poco: the import failed: " + e);
            return 2;
        }
    }

    static Arguments parse(String[] args) throws Refused {
        String database = null;
        Path secretKeyFile = null;
        boolean dryRun = false;
        String s3 = null;
        String region = "us-east-1";
        Path accessKeyFile = null;
        Path secretFile = null;
        Map<String, String> userMap = new LinkedHashMap<>();
        int i = args.length > 0 && args[0].equals("import-poco") ? 1 : 0;
        for (; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("--dry-run")) {
                dryRun = true;
                continue;
            }
            if (!Set.of("--database", "--secret-key-file", "--s3", "--s3-region", "--s3-access-key-file",
                    "--s3-secret-key-file", "--user-map").contains(arg)) {
                throw new Refused("unknown option " + arg + "\n" + USAGE);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new Refused(arg + " needs a value\n" + USAGE);
                }
                value = args[++i];
            }
            switch (arg) {
                case "--database" -> database = value;
                case "--secret-key-file" -> secretKeyFile = Path.of(value);
                case "--s3" -> s3 = value;
                case "--s3-region" -> region = value;
                case "--s3-access-key-file" -> accessKeyFile = Path.of(value);
                case "--s3-secret-key-file" -> secretFile = Path.of(value);
                default -> {
                    for (String pair : value.split(",", -1)) {
                        String[] parts = pair.strip().split("=", 2);
                        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                            throw new Refused("--user-map takes OLD=NEW pairs separated by commas, got \"" + pair
                                    + "\"");
                        }
                        userMap.put(parts[0].strip(), parts[1].strip());
                    }
                }
            }
        }
        if (database == null || database.isBlank()) {
            throw new Refused("--database URL (poco's PostgreSQL) is required\n" + USAGE);
        }
        return new Arguments(database, secretKeyFile, dryRun, s3, region, accessKeyFile, secretFile, userMap);
    }

    private static int run(Arguments arguments, Map<String, String> env, PrintStream out)
            throws Refused {
        String legacyKey = pocoSecretKey(arguments, env, out);
        DatabaseUrl source;
        try {
            source = DatabaseUrl.parse(arguments.database());
        } catch (IllegalArgumentException e) {
            throw new Refused("--database: " + String.valueOf(e.getMessage()).replace("DATABASE_URL", "the URL"));
        }
        DriverManager.setLoginTimeout(15);
        try (Connection poco = connect(source)) {
            checkPocoSchema(poco, source);
            BlobStore sourceStore = arguments.s3() == null ? null : sourceStore(arguments, env);
            try (TargetDatabase target = TargetDatabase.open(env, out)) {
                checkMigrated(target.url());
                Path home = TargetDatabase.home(env);
                BlobStore targetStore = targetStore(env, home);
                Connection ours;
                try {
                    ours = DriverManager.getConnection(target.url().jdbcUrl(), target.url().user(),
                            target.url().password());
                } catch (SQLException e) {
                    throw new Refused("cannot connect to Poco's database " + target.url().describe() + ": "
                            + e.getMessage());
                }
                try (ours) {
                    SecretBox box = SecretBox.standalone(ourSecretKey(env, home), home.resolve("secrets"),
                            legacyKey);
                    out.println("poco: importing from poco's database " + source.describe()
                            + (sourceStore == null ? "" : " and bucket " + sourceStore.describe()) + " into "
                            + target.url().describe() + " and " + targetStore.describe()
                            + (arguments.dryRun() ? " (dry run: nothing is written)" : ""));
                    ImportReport report = new ImportReport();
                    poco.setAutoCommit(false);
                    poco.setReadOnly(true);
                    poco.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // one snapshot of poco
                    ours.setAutoCommit(false);
                    try {
                        new PocoImporter(poco, ours, new PocoImporter.Options(arguments.userMap(),
                                arguments.dryRun(), sourceStore, targetStore, box), report).run();
                        if (arguments.dryRun()) {
                            ours.rollback();
                        } else {
                            ours.commit();
                        }
                    } catch (SQLException | RuntimeException e) {
                        ours.rollback();
                        throw new Refused("the import failed and was rolled back, nothing was written to the"
                                + " database: " + e.getMessage());
                    } finally {
                        poco.rollback();
                    }
                    report.print(out, arguments.dryRun());
                    out.println("poco: " + (arguments.dryRun() ? "dry run: would import " : "imported ")
                            + report.imported() + " rows" + (arguments.dryRun() ? "; nothing was written" : ""));
                    return 0;
                } finally {
                    if (sourceStore instanceof AutoCloseable closeable) {
                        close(closeable);
                    }
                    if (targetStore instanceof AutoCloseable closeable) {
                        close(closeable);
                    }
                }
            } catch (IOException e) {
                throw new Refused("could not open Poco's database: " + e.getMessage());
            }
        } catch (SQLException e) {
            throw new Refused("poco's database " + source.describe() + " failed: " + e.getMessage());
        }
    }

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing left to do with it
        }
    }

    private static Connection connect(DatabaseUrl url) throws Refused {
        try {
            return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        } catch (SQLException e) {
            throw new Refused("cannot connect to poco's database " + url.describe() + ": " + e.getMessage());
        }
    }

    private static void checkPocoSchema(Connection poco, DatabaseUrl url) throws SQLException, Refused {
        Set<String> tables = PocoImporter.tables(poco);
        if (tables.contains("flyway_schema_history") || tables.contains("poco_import_map")) {
            throw new Refused(url.describe() + " is a Poco database (it has Flyway's schema history), not poco's:"
                    + " give --database the URL of the poco backend's PostgreSQL");
        }
        List<String> missing = new ArrayList<>();
        for (String table : PocoImporter.REQUIRED) {
            if (!tables.contains(table)) {
                missing.add(table);
            }
        }
        if (!missing.isEmpty()) {
            throw new Refused(url.describe() + " is not a poco database: it has no " + String.join(", ", missing)
                    + (missing.size() == 1 ? " table" : " tables")
                    + " (poco's backend creates them with `alembic upgrade head`)");
        }
    }

    private static void checkMigrated(DatabaseUrl url) throws Refused {
        MigrationInfoService info;
        try {
            info = Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password())
                    .locations("classpath:db/migration").load().info();
        } catch (org.flywaydb.core.api.FlywayException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new Refused("cannot read Poco's database " + url.describe() + ": " + cause.getMessage());
        }
        MigrationInfo current = info.current();
        if (current == null || info.pending().length > 0) {
            MigrationInfo[] all = info.all();
            throw new Refused("Poco's database " + url.describe() + " is not migrated (schema version "
                    + (current == null ? "none" : current.getVersion().getVersion()) + ", this Poco needs "
                    + all[all.length - 1].getVersion().getVersion() + "): start Poco once with the same settings"
                    + " (./poco start), stop it, then import");
        }
    }

    /**
     * {@code POCO_SECRET_KEY}, or null when the server's generated key file is there. Refuses when neither is: a key
     * generated here would seal the secrets under a key the server does not have.
     */
    private static @Nullable String ourSecretKey(Map<String, String> env, Path home) throws Refused {
        String key = env.get("POCO_SECRET_KEY");
        if (key != null && !key.isBlank()) {
            return key;
        }
        Path file = home.resolve("secrets").resolve("secret-key");
        if (!Files.isRegularFile(file)) {
            throw new Refused("Poco's secret key is not here: neither POCO_SECRET_KEY nor " + file + " exists. Run"
                    + " the import with the POCO_SECRET_KEY (or POCO_HOME) the server uses, so the imported secrets"
                    + " are sealed with its key");
        }
        return null;
    }

    private static String pocoSecretKey(Arguments arguments, Map<String, String> env, PrintStream out)
            throws Refused {
        if (arguments.secretKeyFile() != null) {
            try {
                String key = Files.readString(arguments.secretKeyFile(), StandardCharsets.UTF_8).strip();
                if (key.isEmpty()) {
                    throw new Refused("--secret-key-file " + arguments.secretKeyFile() + " is empty");
                }
                return key;
            } catch (IOException e) {
                throw new Refused("--secret-key-file " + arguments.secretKeyFile() + ": cannot read it ("
                        + e.getMessage() + ")");
            }
        }
        for (String name : List.of("POCO_LEGACY_SECRET_KEY", "SECRET_KEY")) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                out.println("poco: poco's SECRET_KEY from " + name);
                return value.strip();
            }
        }
        out.println("poco: no --secret-key-file, POCO_LEGACY_SECRET_KEY or SECRET_KEY: trying poco's default"
                + " SECRET_KEY for its env vars");
        return SecretsProperties.POCO_DEFAULT_SECRET_KEY;
    }

    private static BlobStore sourceStore(Arguments arguments, Map<String, String> env) throws Refused {
        String spec = java.util.Objects.requireNonNull(arguments.s3());
        int slash = spec.lastIndexOf('/');
        int scheme = spec.indexOf("://");
        if (scheme < 0 || slash <= scheme + 2 || slash == spec.length() - 1) {
            throw new Refused("--s3 takes ENDPOINT/BUCKET, e.g. http://minio:9000/poco, got \"" + spec + "\"");
        }
        String access = secret(arguments.s3AccessKeyFile(), "--s3-access-key-file", env, "POCO_IMPORT_S3_ACCESS_KEY");
        String secret = secret(arguments.s3SecretKeyFile(), "--s3-secret-key-file", env, "POCO_IMPORT_S3_SECRET_KEY");
        return new S3BlobStore(new StorageProperties.S3(spec.substring(0, slash), null, access, secret,
                arguments.s3Region(), spec.substring(slash + 1), true, 300, 10, 60, 3));
    }

    private static String secret(@Nullable Path file, String option, Map<String, String> env, String variable)
            throws Refused {
        if (file != null) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new Refused(option + " " + file + ": cannot read it (" + e.getMessage() + ")");
            }
        }
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            throw new Refused("--s3 needs poco's bucket credentials: set " + variable + " or give " + option);
        }
        return value.strip();
    }

    /** Poco's own store, as the server would choose it ({@code POCO_STORAGE}, application.yml's names). */
    private static BlobStore targetStore(Map<String, String> env, Path home) throws Refused {
        String type = env.getOrDefault("POCO_STORAGE", "local").strip().toLowerCase(Locale.ROOT);
        if (type.isEmpty() || type.equals("local")) {
            String root = env.get("POCO_STORAGE_LOCAL_ROOT");
            return new LocalBlobStore(root != null && !root.isBlank() ? Path.of(root) : home.resolve("data")
                    .resolve("blobs"));
        }
        if (!type.equals("s3")) {
            throw new Refused("POCO_STORAGE must be local or s3, got \"" + type + "\"");
        }
        StorageProperties.S3 s3 = new StorageProperties.S3(s3(env, "ENDPOINT", null), s3(env, "PUBLIC_ENDPOINT", null),
                s3(env, "ACCESS_KEY", null), s3(env, "SECRET_KEY", null), java.util.Objects.requireNonNullElse(s3(env, "REGION", null), "us-east-1"),
                s3(env, "BUCKET", null), !"false".equalsIgnoreCase(s3(env, "FORCE_PATH_STYLE", "true")), 300, 10, 60, 3);
        if (!s3.missing().isEmpty()) {
            throw new Refused("POCO_STORAGE=s3 but " + String.join(", ", s3.missing()) + " not set");
        }
        return new S3BlobStore(s3);
    }

    private static @Nullable String s3(Map<String, String> env, String name, @Nullable String fallback) {
        String value = env.get("POCO_S3_" + name);
        if (value == null || value.isBlank()) {
            value = env.get("S3_" + name);
        }
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
