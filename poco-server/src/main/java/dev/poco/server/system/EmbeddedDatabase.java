package dev.poco.server.system;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poco's own PostgreSQL: data in {@code $POCO_HOME/data/postgres} (mode 0700), binaries unpacked
 * under {@code $POCO_HOME/runtime/postgres}, listening on 127.0.0.1 only, no Unix socket, and
 * every connection authenticated with scram-sha-256 as {@code postgres} with the password in
 * {@code $POCO_HOME/secrets/db-password} (0600). Without that, any local OS user could connect as
 * superuser and run programs through {@code COPY … TO PROGRAM}.
 *
 * <p>The password is set, and {@code pg_hba.conf} rewritten, before the server accepts any
 * connection: PostgreSQL runs once in single-user mode (no network at all) when the data
 * directory comes from initdb (which zonky runs with trust), from a Poco that trusted every local
 * connection, or when the password file was newly generated. Data is never touched.
 *
 * <p>A PostgreSQL left running by a Poco that was killed ({@code kill -9}, OOM) is stopped first;
 * the caller holds {@link PocoHomeLock}, so it cannot belong to a live Poco.
 */
final class EmbeddedDatabase implements Closeable {

    static final String USER = "postgres";
    static final String PASSWORD_FILE = "db-password";
    private static final String HBA_MARKER = "# Written by Poco";
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /**
     * Starts the database of {@code home}, with the PostgreSQL binaries unpacked under
     * {@code binaries} (normally {@link #binariesOf}); the caller must hold {@link PocoHomeLock}.
     */
    static EmbeddedDatabase start(Path home, Path binaries, Duration startupWait) throws IOException {
        Path dataDir = dataDirOf(home);
        Secret secret = readOrCreatePassword(home.resolve("secrets"));
        stopOrphan(dataDir);
        Files.createDirectories(dataDir);
        Files.createDirectories(binaries);
        ownerOnly(dataDir);
        EmbeddedPostgres pg = builderWorkingIn(binaries)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setPgBinaryResolver(new BinariesIn(binaries))
                .setServerConfig("listen_addresses", "127.0.0.1")
                // pg_ctl hands these to a shell: '' is the empty value, i.e. no Unix socket
                .setServerConfig("unix_socket_directories", "''")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setConnectConfig("password", secret.value())
                .setDataDirectoryCustomizer(dir -> secure(dir.toPath(), binaries, secret))
                .setPGStartupWait(startupWait)
                // the owner decides when to stop it (after the application context closed)
                .setRegisterShutdownHook(false)
                .start();
        return new EmbeddedDatabase(pg, secret.value());
    }

    /**
     * zonky's builder takes its working directory from a system property when it is created, and
     * would otherwise make {@code java.io.tmpdir/embedded-pg} even with an override directory.
     */
    private static EmbeddedPostgres.Builder builderWorkingIn(Path binaries) {
        String property = "ot.epg.working-dir";
        String previous = System.getProperty(property);
        System.setProperty(property, binaries.toString());
        try {
            return EmbeddedPostgres.builder();
        } finally {
            if (previous == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, previous);
            }
        }
    }

    static Path dataDirOf(Path home) {
        return home.resolve("data").resolve("postgres");
    }

    static Path binariesOf(Path home) {
        return home.resolve("runtime").resolve("postgres");
    }

    int port() {
        return postgres.getPort();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
    }

    String password() {
        return password;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    // ---- the password -------------------------------------------------------------------------

    record Secret(String value, boolean created) {}

    static Secret readOrCreatePassword(Path secretsDir) {
        Path file = secretsDir.resolve(PASSWORD_FILE);
        try {
            if (Files.isRegularFile(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!stored.isEmpty()) {
                    return new Secret(stored, false);
                }
            }
            Files.createDirectories(secretsDir);
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String generated = HexFormat.of().formatHex(bytes);
            // created 0600 and renamed into place: the password is never readable by others, not even briefly
            Path temp = Files.createTempFile(secretsDir, PASSWORD_FILE, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, generated + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.info("Generated the embedded database's password in {}", file);
            return new Secret(generated, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the database password in " + file
                    + "; make POCO_HOME writable", e);
        }
    }

    // ---- securing the data directory before the server starts ------------------------------------

    private static void secure(Path dataDir, Path binaries, Secret secret) {
        try {
            ownerOnly(dataDir);
            Path hba = dataDir.resolve("pg_hba.conf");
            boolean ours = Files.isRegularFile(hba) && Files.readString(hba).startsWith(HBA_MARKER);
            if (!ours || secret.created()) {
                log.info(ours ? "Setting the embedded database's new password"
                        : "Securing the embedded database: password authentication (scram-sha-256) from now on");
                setPassword(postgresBinary(binaries), dataDir, secret.value());
            }
            if (!ours) {
                Path temp = dataDir.resolve("pg_hba.conf.poco");
                Files.writeString(temp, HBA_MARKER + "; the password is in $POCO_HOME/secrets/" + PASSWORD_FILE + "\n"
                        + "# TYPE DATABASE USER ADDRESS       METHOD\n"
                        + "host    all      all  127.0.0.1/32  scram-sha-256\n", StandardCharsets.UTF_8);
                Files.move(temp, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not secure the embedded PostgreSQL in " + dataDir, e);
        }
    }

    /** Runs {@code postgres --single}: no listener, no socket, so nobody can connect meanwhile. */
    private static void setPassword(Path postgresBinary, Path dataDir, String password) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // as root: the same user namespace trick zonky uses, since PostgreSQL refuses to run as root
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(postgresBinary.toString(), "--single", "-D", dataDir.toString(), "-F",
                "-c", "password_encryption=scram-sha-256", "-c", "log_statement=none", USER));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            // a hex password needs no quoting
            stdin.write(("ALTER ROLE " + USER + " WITH PASSWORD '" + password + "';\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while setting the database password", e);
        }
        if (exit != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
            throw new IOException("Could not set the embedded database's password (postgres --single exited with "
                    + exit + "): " + output.strip());
        }
    }

    /**
     * zonky's default resolver, keyed by the directory the binaries go to: zonky caches unpacked
     * binaries per resolver for the life of the JVM, so with its singleton resolver a JVM that had
     * already started another embedded PostgreSQL (a test database) ignored {@code binaries}, and
     * {@link #postgresBinary} found nothing there.
     */
    private record BinariesIn(Path dir) implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        }
    }

    /** The {@code postgres} zonky unpacked under {@code binaries} (the newest, after an upgrade). */
    private static Path postgresBinary(Path binaries) throws IOException {
        try (Stream<Path> dirs = Files.list(binaries)) {
            return dirs.map(d -> d.resolve("bin").resolve("postgres"))
                    .filter(Files::isExecutable)
                    .max(Comparator.comparingLong(p -> p.toFile().lastModified()))
                    .orElseThrow(() -> new IOException("No PostgreSQL binaries were unpacked under " + binaries));
        }
    }

    private static void ownerOnly(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    // ---- a server left behind by a killed Poco --------------------------------------------------

    /**
     * Stops the postmaster named by {@code postmaster.pid} if it is alive, is a postgres and serves
     * {@code dataDir}. Its clients died with their Poco, so a smart shutdown (SIGTERM) ends it at
     * once and cleanly; if it does not within 30 s it is killed (PostgreSQL recovers from its WAL).
     */
    static void stopOrphan(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() < 2 || !lines.get(0).strip().matches("\\d+")) {
            return;
        }
        long pid = Long.parseLong(lines.get(0).strip());
        Path servedDir = Path.of(lines.get(1).strip());
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive() || !isPostgres(handle.get())
                || !Files.exists(servedDir) || !Files.isSameFile(servedDir, dataDir)) {
            return; // a stale file; PostgreSQL itself ignores it
        }
        ProcessHandle postmaster = handle.get();
        log.warn("Stopping the embedded PostgreSQL (pid {}) left running by a Poco that did not shut down", pid);
        postmaster.destroy();
        try {
            postmaster.onExit().get(ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("PostgreSQL (pid {}) did not stop within {} s; killing it", pid, ORPHAN_STOP_WAIT.toSeconds());
            postmaster.destroyForcibly();
            try {
                postmaster.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException ex) {
                throw new IOException("Could not stop the PostgreSQL (pid " + pid + ") that serves " + dataDir, ex);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping the old PostgreSQL (pid " + pid + ")", e);
        } catch (ExecutionException e) {
            throw new IOException(e);
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        return info.command().map(c -> new File(c).getName().equals("postgres")).orElse(false)
                || info.commandLine().map(c -> c.contains("postgres")).orElse(false);
    }
}
