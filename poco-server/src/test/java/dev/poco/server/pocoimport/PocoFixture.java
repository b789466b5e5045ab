package dev.poco.server.pocoimport;

import dev.poco.server.system.DatabaseUrl;
import dev.poco.testkit.db.TestDatabase;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A poco backend's database for the import tests: poco's schema (test resource {@code pocoimport/poco-schema.sql},
 * written from reference/poco-backend-data.md) and rows as poco writes them for two users, {@code alice} and
 * {@value #BOB}: projects (one deleted), capabilities with installs, env vars (one sealed under another key),
 * sessions (one running, one deleted) with messages in poco's JSON shapes, runs, a tool execution, usage and a
 * scheduled task.
 */
final class PocoFixture {

    static final String POCO_SECRET = "poco-prod-secret-key";
    static final String BOB = "bob@example.com"; // not a plain directory name: his keys are hashed here

    private PocoFixture() {}

    /** A new database with poco's schema and the rows of two users; {@code seeded} gets their ids. */
    static String create(Map<String, Object> seeded) throws Exception {
        String pocoUrl = TestDatabase.freshDatabase("poco_source");
        try (Connection c = connect(pocoUrl); Statement st = c.createStatement();
                InputStream ddl = PocoFixture.class.getResourceAsStream("/pocoimport/poco-schema.sql")) {
            st.execute(new String(Objects.requireNonNull(ddl).readAllBytes(), StandardCharsets.UTF_8));
        }
        try (Connection c = connect(pocoUrl)) {
            exec(c, "SELECT setval('agent_messages_id_seq', 1000)"); // poco's ids are not ours
            UUID aliceProject = uuid(c, "INSERT INTO projects (user_id, name, repo_url, git_branch) VALUES"
                    + " ('alice', 'Reports', 'https://github.com/acme/reports', 'main') RETURNING id");
            uuid(c, "INSERT INTO projects (user_id, name) VALUES ('" + BOB + "', 'Chores') RETURNING id");
            uuid(c, "INSERT INTO projects (user_id, name, is_deleted) VALUES ('alice', 'Old', true) RETURNING id");
            seeded.put("aliceProject", aliceProject);

            long mcp = id(c, "INSERT INTO mcp_servers (name, scope, owner_user_id, server_config) VALUES ('github',"
                    + " 'user', 'alice', '{\"mcpServers\": {\"github\": {\"type\": \"stdio\", \"command\": \"npx\","
                    + " \"args\": [\"-y\", \"gh-mcp\"], \"env\": {\"TOKEN\": \"${env:GITHUB_TOKEN}\"}}}}') RETURNING id");
            // poco's serial ids start at 1 like ours: make them differ, so a kept id would show
            exec(c, "SELECT setval('skills_id_seq', 40)");
            UUID version = UUID.randomUUID();
            seeded.put("skillVersion", version);
            long skill = id(c, "INSERT INTO skills (name, scope, owner_user_id, entry, source) VALUES ('pdf', 'user',"
                    + " 'alice', '{\"s3_key\": \"skills/alice/pdf/" + version + "/\", \"is_prefix\": true}',"
                    + " '{\"kind\": \"github\", \"repo\": \"acme/skills\"}') RETURNING id");
            long plugin = id(c, "INSERT INTO plugins (name, scope, owner_user_id, entry, description, version,"
                    + " manifest) VALUES ('linter', 'user', '" + BOB + "', '{}', 'Lints', '1.2.0',"
                    + " '{\"name\": \"linter\"}') RETURNING id");
            exec(c, "INSERT INTO user_mcp_installs (user_id, server_id, enabled) VALUES ('alice', " + mcp + ", true)");
            exec(c, "INSERT INTO user_skill_installs (user_id, skill_id, enabled) VALUES ('alice', " + skill
                    + ", false)");
            exec(c, "INSERT INTO user_plugin_installs (user_id, plugin_id, enabled) VALUES ('" + BOB + "', " + plugin
                    + ", true)");
            exec(c, "INSERT INTO slash_commands (user_id, name, raw_markdown) VALUES ('alice', 'review',"
                    + " '---\ndescription: Review\n---\nReview it carefully.')");
            exec(c, "INSERT INTO sub_agents (user_id, name, description, prompt, tools) VALUES ('alice', 'tester',"
                    + " 'Runs tests', 'You run the tests.', '[\"Read\", \"Grep\"]')");
            exec(c, "INSERT INTO user_claude_md_settings (user_id, content) VALUES ('alice', 'Be terse.')");
            envVar(c, "alice", "GITHUB_TOKEN", fernet(POCO_SECRET, "ghp_alice_secret"));
            envVar(c, BOB, "OPENAI_API_KEY", fernet(POCO_SECRET, "sk-bob"));
            envVar(c, "alice", "OLD_TOKEN", fernet("some-other-secret-key", "stale"));

            UUID aliceSession = uuid(c, "INSERT INTO agent_sessions (user_id, project_id, config_snapshot, title,"
                    + " status, sdk_session_id) VALUES ('alice', '" + aliceProject + "', '{\"model\": \"claude-sonnet-4-6\","
                    + " \"mcp_server_ids\": [" + mcp + "], \"skill_ids\": [" + skill + "], \"plugin_ids\": [],"
                    + " \"subagent_ids\": []}', 'The report', 'completed', 'sdk-1') RETURNING id");
            UUID bobSession = uuid(c, "INSERT INTO agent_sessions (user_id, status, workspace_files_prefix,"
                    + " workspace_manifest_key, workspace_export_status) VALUES ('" + BOB + "', 'running',"
                    + " 'workspaces/" + BOB + "/' || gen_random_uuid() || '/files', 'x', 'ready') RETURNING id");
            exec(c, "UPDATE agent_sessions SET workspace_files_prefix = 'workspaces/" + BOB + "/' || id || '/files',"
                    + " workspace_manifest_key = 'workspaces/" + BOB + "/' || id || '/manifest.json' WHERE id = '"
                    + bobSession + "'");
            UUID deletedSession = uuid(c, "INSERT INTO agent_sessions (user_id, status, is_deleted) VALUES"
                    + " ('alice', 'completed', true) RETURNING id");
            seeded.put("aliceSession", aliceSession);
            seeded.put("bobSession", bobSession);
            seeded.put("deletedSession", deletedSession);

            long prompt = message(c, aliceSession, "user", "{\"_type\": \"UserMessage\", \"content\": [{\"_type\":"
                    + " \"TextBlock\", \"text\": \"Summarise the report\"}]}", "Summarise the report");
            long toolUse = message(c, aliceSession, "assistant", "{\"_type\": \"AssistantMessage\", \"model\":"
                    + " \"claude-sonnet-4-6\", \"content\": [{\"_type\": \"TextBlock\", \"text\": \"Reading it\"},"
                    + " {\"_type\": \"ToolUseBlock\", \"id\": \"toolu_1\", \"name\": \"Read\", \"input\":"
                    + " {\"file_path\": \"/w/report.md\"}}]}", "Reading it");
            long toolResult = message(c, aliceSession, "user", "{\"_type\": \"UserMessage\", \"content\":"
                    + " [{\"_type\": \"ToolResultBlock\", \"tool_use_id\": \"toolu_1\", \"content\": \"file contents\","
                    + " \"is_error\": false}]}", null);
            message(c, aliceSession, "assistant", "{\"_type\": \"ResultMessage\", \"subtype\": \"success\","
                    + " \"session_id\": \"sdk-1\", \"total_cost_usd\": 0.012345, \"duration_ms\": 4000, \"usage\":"
                    + " {\"input_tokens\": 10, \"output_tokens\": 20}}", null);
            long bobPrompt = message(c, bobSession, "user", "{\"_type\": \"UserMessage\", \"content\": [{\"_type\":"
                    + " \"TextBlock\", \"text\": \"Plan my week\"}]}", "Plan my week");
            message(c, deletedSession, "user", "{\"_type\": \"UserMessage\", \"content\": []}", null);

            UUID completed = uuid(c, "INSERT INTO agent_runs (session_id, user_message_id, status, progress,"
                    + " schedule_mode, attempts, started_at, finished_at, config_snapshot) VALUES ('" + aliceSession
                    + "', " + prompt + ", 'completed', 100, 'immediate', 1, now() - interval '1 minute', now(),"
                    + " 'null') RETURNING id");
            UUID failed = uuid(c, "INSERT INTO agent_runs (session_id, user_message_id, status, progress,"
                    + " schedule_mode, attempts, last_error, finished_at) VALUES ('" + aliceSession + "', " + prompt
                    + ", 'failed', 0, 'immediate', 1, 'CLI exited with 1', now()) RETURNING id");
            UUID running = uuid(c, "INSERT INTO agent_runs (session_id, user_message_id, status, progress,"
                    + " schedule_mode, attempts, claimed_by, started_at) VALUES ('" + bobSession + "', " + bobPrompt
                    + ", 'running', 30, 'immediate', 1, 'em-1', now()) RETURNING id");
            seeded.put("completedRun", completed);
            seeded.put("failedRun", failed);
            seeded.put("runningRun", running);
            exec(c, "INSERT INTO tool_executions (session_id, message_id, tool_use_id, tool_name, tool_input,"
                    + " tool_output, result_message_id, is_error, duration_ms) VALUES ('" + aliceSession + "', "
                    + toolUse + ", 'toolu_1', 'Read', '{\"file_path\": \"/w/report.md\"}', '{\"content\": \"file"
                    + " contents\"}', " + toolResult + ", false, 120)");
            exec(c, "INSERT INTO usage_logs (session_id, run_id, total_cost_usd, duration_ms, usage_json) VALUES ('"
                    + aliceSession + "', '" + completed + "', 0.012345, 4000, '{\"input_tokens\": 10}')");
            exec(c, "INSERT INTO agent_scheduled_tasks (user_id, name, session_id, cron, prompt, next_run_at,"
                    + " input_files) VALUES ('alice', 'Daily digest', '" + aliceSession + "', '0 9 * * *',"
                    + " 'Digest the news', now() + interval '1 day', 'null')");
        }
        return pocoUrl;
    }

    static void envVar(Connection c, String owner, String key, String token) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO user_env_vars (user_id, key, value_ciphertext,"
                + " scope) VALUES (?, ?, ?, 'user')")) {
            st.setString(1, owner);
            st.setString(2, key);
            st.setString(3, token);
            st.executeUpdate();
        }
    }

    static long message(Connection c, UUID session, String role, String content, String preview)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO agent_messages (session_id, role, content,"
                + " text_preview) VALUES (?, ?, CAST(? AS json), ?) RETURNING id")) {
            st.setObject(1, session);
            st.setString(2, role);
            st.setString(3, content);
            st.setString(4, preview);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A Fernet token as poco's {@code cryptography.fernet.Fernet(base64url(sha256(SECRET_KEY)))} writes it. */
    static String fernet(String secretKey, String plaintext) throws Exception {
        byte[] key = MessageDigest.getInstance("SHA-256").digest(secretKey.getBytes(StandardCharsets.UTF_8));
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, 16, 16, "AES"), new IvParameterSpec(iv));
        byte[] cipher = aes.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        ByteBuffer token = ByteBuffer.allocate(1 + 8 + 16 + cipher.length + 32);
        token.put((byte) 0x80).putLong(Instant.now().getEpochSecond()).put(iv).put(cipher);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, 0, 16, "HmacSHA256"));
        mac.update(token.array(), 0, token.position());
        token.put(mac.doFinal());
        return Base64.getUrlEncoder().encodeToString(token.array());
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static UUID uuid(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return (UUID) rs.getObject(1);
        }
    }

    private static long id(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Connection connect(String url) throws SQLException {
        DatabaseUrl parsed = DatabaseUrl.parse(url);
        return DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
    }
}
