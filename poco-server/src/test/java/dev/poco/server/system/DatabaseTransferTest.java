package dev.poco.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.testkit.db.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./poco db export} and {@code import} ({@link DatabaseCommand}, {@link DatabaseTransfer}) against real
 * PostgreSQL databases: the shared test database, with everything the server's tests wrote into it, goes into a
 * new database and comes out the same, table by table and sequence by sequence.
 */
class DatabaseTransferTest extends ApiTest {

    @TempDir
    Path dir;

    @Test
    void everyRowAndSequenceSurvivesTheWayIntoANewDatabase() throws Exception {
        FakeRunner fake = new FakeRunner(runner);
        String project = alice.post("/api/v1/projects", Map.of("name", "Moving house")).ok().path("project_id")
                .asString();
        JsonNode task = alice.post("/api/v1/tasks", fake.task("Find the\tkettle,\nthen \\ the \"tea\" ☕")).ok();
        String session = task.path("session_id").asString();
        Path file = dir.resolve("poco.zip");

        Result exported = command("export", file, TestDatabase.url());
        assertThat(exported.status()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("exported", "rows of", "tables (schema version");
        String target = TestDatabase.freshDatabase("poco_import");
        Result imported = command("import", file, target);
        assertThat(imported.status()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("imported");

        Path again = dir.resolve("again.zip");
        assertThat(command("export", again, target).status()).isZero();
        Map<String, List<String>> before = contents(file);
        Map<String, List<String>> after = contents(again);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String entry : before.keySet()) {
            assertThat(after.get(entry)).as(entry).isEqualTo(before.get(entry));
        }
        assertThat(before.get("tables/agent_sessions.copy")).anyMatch(row -> row.contains(session));
        try (Connection c = connect(target); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM projects WHERE id = '" + project + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Moving house");
        }
        try (Connection c = connect(target); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM message_search WHERE session_id = '"
                        + session + "'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the search index came from the file, not twice from the trigger")
                    .isEqualTo(countIn(TestDatabase.url(), "message_search WHERE session_id = '" + session + "'"));
        }

        Result twice = command("import", file, target);
        assertThat(twice.status()).isEqualTo(1);
        assertThat(twice.err()).contains("already holds Poco data", "new, empty database");
    }

    @Test
    void aDamagedOrForeignFileIsRefusedAndLeavesTheTargetEmpty() throws Exception {
        Path file = dir.resolve("good.zip");
        assertThat(command("export", file, TestDatabase.url()).status()).isZero();

        Path notZip = Files.writeString(dir.resolve("notes.txt"), "hello");
        Result foreign = command("import", notZip, TestDatabase.freshDatabase("poco_import"));
        assertThat(foreign.status()).isEqualTo(1);
        assertThat(foreign.err()).contains("not a Poco database export");

        Path newer = rewrite(file, dir.resolve("newer.zip"), (name, bytes) -> name.equals("manifest.json")
                ? new String(bytes, StandardCharsets.UTF_8).replaceFirst("\"schema_version\"\\s*:\\s*\"[0-9.]+\"",
                        "\"schema_version\": \"9999\"").getBytes(StandardCharsets.UTF_8) : bytes, null);
        Result fromTheFuture = command("import", newer, TestDatabase.freshDatabase("poco_import"));
        assertThat(fromTheFuture.status()).isEqualTo(1);
        assertThat(fromTheFuture.err()).contains("made by a newer Poco", "9999");

        // the file ends after its first table of rows: nothing of it may stay in the target
        Path cut = rewrite(file, dir.resolve("cut.zip"), (name, bytes) -> bytes, "tables/");
        String target = TestDatabase.freshDatabase("poco_import");
        Result truncated = command("import", cut, target);
        assertThat(truncated.status()).isEqualTo(1);
        assertThat(truncated.err()).contains("incomplete");
        try (Connection c = connect(target)) {
            for (String table : DatabaseTransfer.tablesInLoadOrder(c).keySet()) {
                assertThat(countIn(target, DatabaseTransfer.quote(table))).as(table).isZero();
            }
        }
        Result retried = command("import", file, target);
        assertThat(retried.status()).as("a failed import can be retried: " + retried.err()).isZero();
    }

    @Test
    void theEmbeddedDatabaseOfAPocoHomeTakesAnImportAndGivesItBack() throws Exception {
        Path file = dir.resolve("shared.zip");
        assertThat(command("export", file, TestDatabase.url()).status()).isZero();
        Map<String, String> home = Map.of("POCO_HOME", dir.resolve("home").toString());

        Result nothing = command("export", dir.resolve("empty.zip"), home);
        assertThat(nothing.status()).isEqualTo(1);
        assertThat(nothing.err()).contains("holds no Poco data");
        Result imported = command("import", file, home);
        assertThat(imported.status()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("the embedded database of");
        Path back = dir.resolve("back.zip");
        assertThat(command("export", back, home).status()).isZero();
        assertThat(contents(back)).isEqualTo(contents(file));
    }

    @Test
    void exportRefusesToOverwriteAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("taken.zip"), "precious");
        Result result = command("export", file, TestDatabase.url());
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("exists");
        assertThat(file).hasContent("precious");
        assertThat(command("nonsense", file, TestDatabase.url()).status()).isEqualTo(2);
    }

    @Test
    void serversStartingTogetherMigrateOnceUnderFlywaysLock() throws Exception {
        String fresh = TestDatabase.freshDatabase("poco_together");
        DatabaseUrl url = DatabaseUrl.parse(fresh);
        List<CompletableFuture<Integer>> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            servers.add(CompletableFuture.supplyAsync(() -> Flyway.configure()
                    .dataSource(url.jdbcUrl(), url.user(), url.password())
                    .locations("classpath:db/migration").load().migrate().migrationsExecuted));
        }
        int executed = 0;
        for (CompletableFuture<Integer> server : servers) {
            executed += server.get();
        }
        int migrations = Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:db/migration").load().info().applied().length;
        assertThat(executed).as("each migration ran once in all").isEqualTo(migrations);
        assertThat(countIn(fresh, "flyway_schema_history WHERE version IN (SELECT version FROM"
                + " flyway_schema_history GROUP BY version HAVING count(*) > 1)")).isZero();
    }

    @Test
    void credentialsComeFromFilesWhenNamed() throws IOException {
        Path user = Files.writeString(dir.resolve("user"), "poco\n");
        Path password = Files.writeString(dir.resolve("password"), "s3cret pass\n");
        DatabaseUrl url = DatabaseUrl.parse("postgresql://ignored:ignored@db.example:5432/poco?sslmode=verify-full")
                .withCredentialsFrom(user.toString(), password.toString());
        assertThat(url.user()).isEqualTo("poco");
        assertThat(url.password()).isEqualTo("s3cret pass");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5432/poco?sslmode=verify-full");
        assertThat(DatabaseUrl.parse("postgresql://a:b@h/db").withCredentialsFrom(null, "").password())
                .isEqualTo("b");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h/db")
                .withCredentialsFrom(null, dir.resolve("missing").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DATABASE_PASSWORD_FILE");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h/db").withCredentialsFrom(empty.toString(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DATABASE_USER_FILE", "empty");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private record Result(int status, String out, String err) {}

    private static Result command(String verb, Path file, String databaseUrl) {
        return command(verb, file, Map.of("DATABASE_URL", databaseUrl));
    }

    private static Result command(String verb, Path file, Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DatabaseCommand.run(new String[] {"db", verb, file.toString()},
                env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Each entry's lines, sorted (row order is the heap's), but the export time of the manifest. */
    private static Map<String, List<String>> contents(Path zipFile) throws IOException {
        Map<String, List<String>> entries = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(zipFile))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                List<String> lines = new ArrayList<>(new String(zip.readAllBytes(), StandardCharsets.UTF_8)
                        .lines().filter(line -> !line.contains("\"exported_at\"")).toList());
                lines.sort(null);
                entries.put(e.getName(), lines);
            }
        }
        return entries;
    }

    private interface Edit {
        byte[] apply(String name, byte[] bytes);
    }

    /** A copy of an export with entries edited, and cut after the first entry starting with {@code cutAfter}. */
    private static Path rewrite(Path from, Path to, Edit edit, String cutAfter) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(edit.apply(e.getName(), in.readAllBytes()));
                out.closeEntry();
                if (cutAfter != null && e.getName().startsWith(cutAfter)) {
                    break;
                }
            }
        }
        return to;
    }

    private static Connection connect(String url) throws SQLException {
        DatabaseUrl parsed = DatabaseUrl.parse(url);
        return DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
    }

    private static long countIn(String url, String fromClause) throws SQLException {
        try (Connection c = connect(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + fromClause)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
