package dev.poco.server.pocoimport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.server.envvars.SecretBox;
import dev.poco.server.storage.BlobKeys;
import dev.poco.server.storage.LocalBlobStore;
import dev.poco.server.storage.S3BlobStore;
import dev.poco.server.storage.StorageProperties;
import dev.poco.server.system.DatabaseUrl;
import dev.poco.testkit.db.TestDatabase;
import dev.poco.testkit.s3.S3MockServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./poco import-poco} ({@link PocoImportCommand}) from a real PostgreSQL database holding poco's schema
 * (test resource {@code pocoimport/poco-schema.sql}, written from reference/poco-backend-data.md) and rows as poco
 * writes them, into a freshly migrated Poco database; with {@code --s3}, from S3Mock (the S3 wire protocol).
 */
class PocoImportCommandTest {

    private static final String OUR_SECRET = "our-poco-secret-key-for-this-test";
    private static final String BOB = PocoFixture.BOB;

    @TempDir
    Path home;

    private String pocoUrl;
    private String ourUrl;
    private Path secretFile;
    private final Map<String, Object> seeded = new HashMap<>();

    @BeforeEach
    void databases() throws Exception {
        pocoUrl = PocoFixture.create(seeded);
        ourUrl = TestDatabase.freshDatabase("poco_target");
        DatabaseUrl ours = DatabaseUrl.parse(ourUrl);
        Flyway.configure().dataSource(ours.jdbcUrl(), ours.user(), ours.password())
                .locations("classpath:db/migration").load().migrate();
        secretFile = Files.writeString(home.resolve("poco-secret"), PocoFixture.POCO_SECRET + "\n");
    }

    @Test
    void dryRunReportsAndWritesNothingThenTheImportBringsEverythingOverOnce() throws Exception {
        Result dry = importPoco("--database", pocoUrl, "--secret-key-file", secretFile.toString(), "--dry-run");
        assertThat(dry.status()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("would import", "dry run: would import", "nothing was written");
        assertThat(row(dry.out(), "agent_sessions")).containsExactly(3, 2, 0, 1);
        assertThat(row(dry.out(), "agent_messages")).containsExactly(6, 5, 0, 1);
        assertThat(row(dry.out(), "user_env_vars")).containsExactly(3, 2, 0, 1);
        for (String table : List.of("projects", "agent_sessions", "agent_messages", "agent_runs", "tool_executions",
                "user_env_vars", "mcp_servers", "sub_agents", "poco_import_map")) {
            assertThat(count("SELECT count(*) FROM " + table)).as(table).isZero();
        }

        Result run = importPoco("--database", pocoUrl, "--secret-key-file", secretFile.toString());
        assertThat(run.status()).as(run.err()).isZero();
        int imported = total(run.out(), "imported");
        assertThat(imported).isEqualTo(total(dry.out(), "dry run: would import")).isGreaterThan(20);
        assertThat(row(run.out(), "projects")).containsExactly(3, 2, 0, 1);
        assertThat(run.out()).contains("skipped 1: deleted in poco", "alice: OLD_TOKEN",
                "the value does not decrypt with the SECRET_KEY given");

        // projects and sessions keep poco's UUIDs and owners; the deleted session stays behind
        assertThat(text("SELECT user_id FROM projects WHERE id = '" + seeded.get("aliceProject") + "'"))
                .isEqualTo("alice");
        UUID aliceSession = (UUID) seeded.get("aliceSession");
        UUID bobSession = (UUID) seeded.get("bobSession");
        assertThat(text("SELECT user_id || ' ' || project_id || ' ' || status FROM agent_sessions WHERE id = '"
                + aliceSession + "'")).isEqualTo("alice " + seeded.get("aliceProject") + " completed");
        assertThat(text("SELECT status FROM agent_sessions WHERE id = '" + bobSession + "'")).isEqualTo("canceled");
        assertThat(count("SELECT count(*) FROM agent_sessions WHERE id = '" + seeded.get("deletedSession") + "'"))
                .isZero();
        // the config snapshot names our MCP server and skill ids, not poco's
        long ourMcp = count("SELECT id FROM mcp_servers WHERE name = 'github' AND owner_user_id = 'alice'");
        long ourSkill = count("SELECT id FROM skills WHERE name = 'pdf' AND owner_user_id = 'alice'");
        assertThat(text("SELECT config_snapshot::text FROM agent_sessions WHERE id = '" + aliceSession + "'"))
                .contains("\"mcp_server_ids\": [" + ourMcp + "]", "\"skill_ids\": [" + ourSkill + "]");

        // messages: new ids here, in poco's order, content as poco stored it
        List<String> messages = texts("SELECT role || ' ' || (content->>'_type') FROM agent_messages WHERE"
                + " session_id = '" + aliceSession + "' ORDER BY id");
        assertThat(messages).containsExactly("user UserMessage", "assistant AssistantMessage", "user UserMessage",
                "assistant ResultMessage");
        assertThat(count("SELECT max(id) FROM agent_messages")).isLessThan(1000);
        assertThat(text("SELECT content->'content'->0->>'text' FROM agent_messages WHERE session_id = '"
                + aliceSession + "' ORDER BY id LIMIT 1")).isEqualTo("Summarise the report");
        long firstMessage = count("SELECT min(id) FROM agent_messages WHERE session_id = '" + aliceSession + "'");

        // runs: finished ones as they were, the running one canceled with a reason; references follow the messages
        assertThat(text("SELECT status || ' ' || user_message_id FROM agent_runs WHERE id = '"
                + seeded.get("completedRun") + "'")).isEqualTo("completed " + firstMessage);
        assertThat(text("SELECT status || ' | ' || last_error FROM agent_runs WHERE id = '"
                + seeded.get("runningRun") + "'"))
                .startsWith("canceled | Imported from poco while running");
        assertThat(text("SELECT last_error FROM agent_runs WHERE id = '" + seeded.get("failedRun") + "'"))
                .isEqualTo("CLI exited with 1");
        assertThat(text("SELECT tool_name || ' ' || (message_id = " + (firstMessage + 1) + ") || ' '"
                + " || (result_message_id = " + (firstMessage + 2) + ") || ' ' || (tool_output->>'content')"
                + " FROM tool_executions WHERE session_id = '" + aliceSession + "'"))
                .isEqualTo("Read true true file contents");
        assertThat(text("SELECT total_cost_usd::text FROM usage_logs WHERE run_id = '" + seeded.get("completedRun")
                + "'")).isEqualTo("0.012345");
        assertThat(text("SELECT name || ' ' || cron || ' ' || session_id FROM agent_scheduled_tasks"))
                .isEqualTo("Daily digest 0 9 * * * " + aliceSession);

        // capabilities and their installs, under our ids
        assertThat(count("SELECT server_id FROM user_mcp_installs WHERE user_id = 'alice'")).isEqualTo(ourMcp);
        assertThat(count("SELECT skill_id FROM user_skill_installs WHERE user_id = 'alice'")).isEqualTo(ourSkill);
        assertThat(text("SELECT name || ' ' || version FROM plugins WHERE owner_user_id = '" + BOB + "'"))
                .isEqualTo("linter 1.2.0");
        assertThat(text("SELECT raw_markdown FROM slash_commands WHERE user_id = 'alice'")).contains("Review it");
        assertThat(text("SELECT tools::text FROM sub_agents WHERE name = 'tester'")).isEqualTo("[\"Read\", \"Grep\"]");
        assertThat(text("SELECT content FROM user_claude_md_settings WHERE user_id = 'alice'")).isEqualTo("Be terse.");

        // secrets: sealed with OUR key, readable by our cipher, the right plaintext; the wrong-key one left out
        SecretBox ours = SecretBox.standalone(OUR_SECRET, home.resolve("secrets"), "not-poco's-key");
        String sealed = text("SELECT value_ciphertext FROM user_env_vars WHERE user_id = 'alice' AND key = 'GITHUB_TOKEN'");
        assertThat(sealed).startsWith("poco1:");
        assertThat(ours.open("alice", "GITHUB_TOKEN", sealed)).contains("ghp_alice_secret");
        String bobs = text("SELECT value_ciphertext FROM user_env_vars WHERE user_id = '" + BOB + "'");
        assertThat(ours.open(BOB, "OPENAI_API_KEY", bobs)).contains("sk-bob");
        assertThat(count("SELECT count(*) FROM user_env_vars WHERE key = 'OLD_TOKEN'")).isZero();

        // the second run: everything is known, nothing comes twice
        Map<String, Long> before = snapshotCounts();
        Result again = importPoco("--database", pocoUrl, "--secret-key-file", secretFile.toString());
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains("poco: imported 0 rows");
        assertThat(row(again.out(), "agent_messages")).containsExactly(6, 0, 5, 1);
        assertThat(snapshotCounts()).isEqualTo(before);

        // the key that sealed the skipped one: now it comes over, and only it
        Path otherKey = Files.writeString(home.resolve("other-secret"), "some-other-secret-key");
        Result otherRun = importPoco("--database", pocoUrl, "--secret-key-file", otherKey.toString());
        assertThat(otherRun.status()).as(otherRun.err()).isZero();
        assertThat(row(otherRun.out(), "user_env_vars")).containsExactly(3, 1, 2, 0);
        assertThat(otherRun.out()).contains("poco: imported 1 rows");
        assertThat(ours.open("alice", "OLD_TOKEN", text("SELECT value_ciphertext FROM user_env_vars WHERE key ="
                + " 'OLD_TOKEN'"))).contains("stale");
    }

    @Test
    void s3CopiesWorkspaceExportsAndSkillFilesIntoOurStore() throws Exception {
        S3BlobStore bucket = new S3BlobStore(new StorageProperties.S3(S3MockServer.endpoint().toString(), null,
                S3MockServer.ACCESS_KEY, S3MockServer.SECRET_KEY, "us-east-1", S3MockServer.BUCKET, true, 60, 5, 30, 2));
        UUID bobSession = (UUID) seeded.get("bobSession");
        String pocoRoot = "workspaces/" + BOB + "/" + bobSession + "/";
        put(bucket, pocoRoot + "files/notes/todo.md", "- buy milk\n");
        put(bucket, pocoRoot + "manifest.json", "{\"version\":1,\"files\":[{\"path\":\"/notes/todo.md\",\"key\":\""
                + pocoRoot + "files/notes/todo.md\",\"size\":11,\"mimeType\":\"text/markdown\",\"status\":"
                + "\"uploaded\"}]}");
        put(bucket, "skills/alice/pdf/" + seeded.get("skillVersion") + "/SKILL.md", "# pdf\n");
        Map<String, String> env = new HashMap<>(env());
        env.put("POCO_IMPORT_S3_ACCESS_KEY", S3MockServer.ACCESS_KEY);
        env.put("POCO_IMPORT_S3_SECRET_KEY", S3MockServer.SECRET_KEY);

        // a first run without --s3: the rows come, the files stay in poco's bucket; with accounts here (password
        // mode), the owner who has none is named
        try (Connection c = connect(ourUrl); Statement st = c.createStatement()) {
            st.execute("INSERT INTO users (id, username, display_name, password_hash, role) VALUES ('alice', 'alice',"
                    + " 'Alice', 'x', 'admin')");
        }
        Result withoutS3 = importPoco(env, "--database", pocoUrl, "--secret-key-file", secretFile.toString());
        assertThat(withoutS3.status()).as(withoutS3.err()).isZero();
        assertThat(withoutS3.out()).contains("which has no account here yet: " + BOB + " (map them");
        LocalBlobStore store = new LocalBlobStore(home.resolve("blobs"));
        assertThat(store.list("")).isEmpty();

        String s3 = S3MockServer.endpoint() + "/" + S3MockServer.BUCKET;
        Result dry = importPoco(env, "--database", pocoUrl, "--secret-key-file", secretFile.toString(),
                "--s3", s3, "--dry-run");
        assertThat(dry.status()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("would copy 3 objects");
        assertThat(store.list("")).isEmpty();

        Result run = importPoco(env, "--database", pocoUrl, "--secret-key-file", secretFile.toString(), "--s3", s3);
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("copied 3 objects");
        assertThat(row(run.out(), "workspace exports")).containsExactly(1, 1, 0, 0);
        assertThat(row(run.out(), "skills packages")).containsExactly(1, 1, 0, 0);
        assertThat(row(run.out(), "plugins packages")).containsExactly(1, 0, 0, 1);
        assertThat(row(run.out(), "agent_sessions")).containsExactly(3, 0, 2, 1);

        Result again = importPoco(env, "--database", pocoUrl, "--secret-key-file", secretFile.toString(), "--s3", s3);
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).doesNotContain("copied").contains("poco: imported 0 rows");
        assertThat(row(again.out(), "workspace exports")).containsExactly(1, 0, 1, 0);
        String manifestKey = text("SELECT workspace_manifest_key FROM agent_sessions WHERE id = '" + bobSession + "'");
        assertThat(manifestKey).isEqualTo(BlobKeys.workspaceManifest(BOB, bobSession))
                .doesNotContain(BOB); // bob's id is hashed in our keys
        assertThat(text("SELECT workspace_files_prefix FROM agent_sessions WHERE id = '" + bobSession + "'"))
                .isEqualTo(BlobKeys.workspaceFiles(BOB, bobSession));
        String files = BlobKeys.workspaceFiles(BOB, bobSession);
        assertThat(read(store, files + "/notes/todo.md")).isEqualTo("- buy milk\n");
        assertThat(read(store, manifestKey)).contains("\"key\":\"" + files + "/notes/todo.md\"")
                .doesNotContain(pocoRoot);
        String skillKey = "skills/" + WorkspaceLayout.userDirName("alice") + "/pdf/" + seeded.get("skillVersion") + "/";
        assertThat(text("SELECT entry->>'s3_key' FROM skills WHERE name = 'pdf'")).isEqualTo(skillKey);
        assertThat(read(store, skillKey + "SKILL.md")).isEqualTo("# pdf\n");
    }

    @Test
    void refusesWhatItCannotImportWithExitStatus2AndAClearMessage() throws Exception {
        Result notPoco = importPoco("--database", TestDatabase.freshDatabase("not_poco"));
        assertThat(notPoco.status()).isEqualTo(2);
        assertThat(notPoco.err()).contains("is not a poco database: it has no projects, agent_sessions")
                .doesNotContain("Exception", "\tat ");

        Result ourOwn = importPoco("--database", ourUrl);
        assertThat(ourOwn.status()).isEqualTo(2);
        assertThat(ourOwn.err()).contains("is a Poco database");

        Result unreachable = importPoco("--database", "postgresql://poco:poco@127.0.0.1:1/poco");
        assertThat(unreachable.status()).isEqualTo(2);
        assertThat(unreachable.err()).contains("cannot connect to poco's database", "127.0.0.1:1")
                .doesNotContain("\tat ");

        Map<String, String> unmigrated = new HashMap<>(env());
        unmigrated.put("DATABASE_URL", TestDatabase.freshDatabase("empty_target"));
        Result notMigrated = importPoco(unmigrated, "--database", pocoUrl);
        assertThat(notMigrated.status()).isEqualTo(2);
        assertThat(notMigrated.err()).contains("is not migrated", "start Poco once");

        Map<String, String> unreachableOurs = new HashMap<>(env());
        unreachableOurs.put("DATABASE_URL", "postgresql://poco:poco@127.0.0.1:1/poco");
        Result oursDown = importPoco(unreachableOurs, "--database", pocoUrl);
        assertThat(oursDown.status()).isEqualTo(2);
        assertThat(oursDown.err()).contains("cannot read Poco's database").doesNotContain("\tat ");

        Map<String, String> noKey = new HashMap<>(env());
        noKey.remove("POCO_SECRET_KEY");
        Result keyless = importPoco(noKey, "--database", pocoUrl);
        assertThat(keyless.status()).isEqualTo(2);
        assertThat(keyless.err()).contains("Poco's secret key is not here", "POCO_SECRET_KEY");

        Result usage = importPoco("--secret-key-file", "x");
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.err()).contains("--database URL (poco's PostgreSQL) is required");
        assertThat(count("SELECT count(*) FROM poco_import_map")).isZero();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private record Result(int status, String out, String err) {}

    private Map<String, String> env() {
        return Map.of("DATABASE_URL", ourUrl, "POCO_HOME", home.toString(), "POCO_SECRET_KEY", OUR_SECRET,
                "POCO_STORAGE_LOCAL_ROOT", home.resolve("blobs").toString());
    }

    private Result importPoco(String... args) {
        return importPoco(env(), args);
    }

    private static Result importPoco(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("import-poco"));
        all.addAll(List.of(args));
        int status = PocoImportCommand.run(all.toArray(String[]::new), env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** found, imported, already imported, skipped of one table's report line. */
    private static List<Integer> row(String report, String table) {
        Matcher m = Pattern.compile("(?m)^" + table + "\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$").matcher(report);
        assertThat(m.find()).as(table + " in\n" + report).isTrue();
        return List.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)));
    }

    private static int total(String report, String verb) {
        Matcher m = Pattern.compile("poco: " + verb + " (\\d+) rows").matcher(report);
        assertThat(m.find()).as(report).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private Map<String, Long> snapshotCounts() throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        for (String table : List.of("projects", "agent_sessions", "agent_messages", "agent_runs", "tool_executions",
                "usage_logs", "agent_scheduled_tasks", "mcp_servers", "skills", "plugins", "user_mcp_installs",
                "user_skill_installs", "user_plugin_installs", "user_env_vars", "slash_commands", "sub_agents",
                "user_claude_md_settings", "poco_import_map")) {
            counts.put(table, count("SELECT count(*) FROM " + table));
        }
        return counts;
    }

    private static void put(S3BlobStore bucket, String key, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        bucket.put(key, new ByteArrayInputStream(bytes), bytes.length, "text/plain");
    }

    private static String read(LocalBlobStore store, String key) throws Exception {
        try (InputStream in = store.get(key).orElseThrow(() -> new AssertionError(key + " is not in our store"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    private String text(String sql) throws SQLException {
        List<String> all = texts(sql);
        assertThat(all).as(sql).hasSize(1);
        return all.getFirst();
    }

    private List<String> texts(String sql) throws SQLException {
        try (Connection c = connect(ourUrl); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }




    private static Connection connect(String url) throws SQLException {
        return PocoFixture.connect(url);
    }
}
