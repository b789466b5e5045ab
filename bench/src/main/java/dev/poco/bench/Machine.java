package dev.poco.bench;

import dev.poco.server.system.DatabaseUrl;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** What the figures were measured on: cores, CPU, memory, kernel, JDK, commit, PostgreSQL. */
final class Machine {

    private Machine() {}

    static void print(PrintStream out, @Nullable String databaseUrl) {
        out.println("Poco benchmarks — " + OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE)
                + " " + OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " UTC");
        out.println("  machine:    " + Runtime.getRuntime().availableProcessors() + " cores"
                + cpuModel().map(m -> " (" + m + ")").orElse("") + ", "
                + memTotal().map(m -> m + " RAM").orElse("RAM unknown") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        out.println("  JDK:        " + System.getProperty("java.vm.name") + " " + Runtime.version()
                + " (max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, "
                + ManagementFactory.getGarbageCollectorMXBeans().getFirst().getName().split(" ")[0] + " GC)");
        out.println("  commit:     " + commit());
        if (databaseUrl != null) {
            out.println("  PostgreSQL: " + postgres(databaseUrl) + " (the in-process benchmarks' database)");
        }
        double busy = busyPercent();
        out.println("  load:       " + String.format("%.0f%%", busy) + " of the CPU busy in the second before the first"
                + " benchmark; load average " + loadAverage()
                + (busy > 15 ? " — other work is running; expect skewed figures" : ""));
        out.println("  note:       load generator, fake model, clients and PostgreSQL share these cores with the server");
    }

    /** How busy the whole machine is over one second, in percent (0 when unknown). */
    static double busyPercent() {
        Cpu before = Cpu.now();
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Cpu after = Cpu.now();
        long total = after.machineTotalTicks() - before.machineTotalTicks();
        return total <= 0 ? 0 : 100.0 * (after.machineBusyTicks() - before.machineBusyTicks()) / total;
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine skews the figures. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip().replaceAll("\\s+", " "))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> memTotal() {
        return procLine(Path.of("/proc/meminfo"), "MemTotal:")
                .map(kb -> String.format("%.1f GB", kb / (1024.0 * 1024.0)));
    }

    /** A {@code kB} value from a {@code /proc} file, e.g. {@code VmRSS:} of {@code /proc/self/status}. */
    static Optional<Long> procLine(Path file, String key) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> l.startsWith(key))
                    .map(l -> Long.parseLong(l.substring(key.length()).replace("kB", "").strip()))
                    .findFirst();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String commit() {
        String head = run(List.of("git", "rev-parse", "--short=12", "HEAD"));
        if (head.isEmpty()) {
            return "unknown (not a git checkout)";
        }
        String subject = run(List.of("git", "log", "-1", "--format=%s"));
        String dirty = run(List.of("git", "status", "--porcelain", "--untracked-files=no"));
        long changed = dirty.isEmpty() ? 0 : dirty.lines().count();
        return head + (changed > 0 ? " + " + changed + " uncommitted changes" : "") + " — " + subject;
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? output : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String postgres(String databaseUrl) {
        try (Connection c = connect(databaseUrl); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            boolean external = System.getenv("POCO_TEST_DATABASE_URL") != null
                    && !System.getenv("POCO_TEST_DATABASE_URL").isBlank();
            return rs.getString(1) + (external ? " (POCO_TEST_DATABASE_URL)" : " (embedded, same machine)");
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** A plain JDBC connection to the database poco uses (its URL form or a JDBC URL). */
    static Connection connect(String databaseUrl) throws SQLException {
        DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }
}
