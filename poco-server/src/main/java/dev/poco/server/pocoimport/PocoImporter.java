package dev.poco.server.pocoimport;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.server.envvars.EnvVarScope;
import dev.poco.server.envvars.SecretBox;
import dev.poco.server.storage.BlobInfo;
import dev.poco.server.storage.BlobKeys;
import dev.poco.server.storage.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Copies one poco database into Poco's, table by table, in the order foreign keys need. Ids are kept where both
 * sides use UUIDs (projects, sessions, runs, tool executions, usage logs, scheduled tasks); integer ids (messages,
 * capabilities, env vars) get new ones here, and {@code poco_import_map} records every source row → our id so a
 * second run skips it. The caller owns the transaction on {@code ours}.
 */
final class PocoImporter {

    /** Tables without which a database is not poco's. */
    static final List<String> REQUIRED = List.of("projects", "agent_sessions", "agent_messages", "agent_runs",
            "tool_executions", "user_env_vars");
    private static final Set<String> ACTIVE_RUN = Set.of("queued", "claimed", "running");
    private static final Set<String> ACTIVE_SESSION = Set.of("pending", "running");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    record Options(Map<String, String> userMap, boolean dryRun, @Nullable BlobStore source, BlobStore target,
            SecretBox box) {}

    /** What became of one source row: a new id here, or the reason it was left out (with the row it met, if any). */
    private record Outcome(@Nullable String targetId, @Nullable String skipReason) {
        static Outcome imported(Object id) {
            return new Outcome(String.valueOf(id), null);
        }

        static Outcome skipped(String reason) {
            return new Outcome(null, reason);
        }

        /** Not imported because an equal row is here already; references to the source row go to that one. */
        static Outcome existing(Object id, String reason) {
            return new Outcome(String.valueOf(id), reason);
        }
    }

    @FunctionalInterface
    private interface RowImport {
        Outcome apply(Map<String, @Nullable Object> row) throws SQLException;
    }

    private final Connection poco;
    private final Connection ours;
    private final Options options;
    private final ImportReport report;
    private final Map<String, Map<String, String>> ids = new HashMap<>();
    private final Set<String> present = new java.util.HashSet<>();
    /** {@code table:id} of source rows that met an equal row here: referenced, never written to. */
    private final Set<String> existingOnly = new java.util.HashSet<>();

    PocoImporter(Connection poco, Connection ours, Options options, ImportReport report) {
        this.poco = poco;
        this.ours = ours;
        this.options = options;
        this.report = report;
    }

    /** The tables of {@code connection}'s public schema. */
    static Set<String> tables(Connection connection) throws SQLException {
        Set<String> tables = new java.util.HashSet<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = current_schema()")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    void run() throws SQLException {
        present.addAll(tables(poco));
        loadMap();
        projects();
        capability("mcp_servers", "SELECT id, name, scope, owner_user_id, server_config::text AS server_config,"
                + " created_at, updated_at FROM mcp_servers ORDER BY id", Set.of("server_config"),
                "SELECT id FROM mcp_servers WHERE name = ? AND owner_user_id = ?");
        capability("skills", "SELECT id, name, scope, owner_user_id, entry::text AS entry, source::text AS source,"
                + " created_at, updated_at FROM skills ORDER BY id", Set.of("entry", "source"),
                "SELECT id FROM skills WHERE name = ? AND owner_user_id = ?");
        capability("plugins", "SELECT id, name, scope, owner_user_id, entry::text AS entry, source::text AS source,"
                + " description, version, manifest::text AS manifest, created_at, updated_at FROM plugins ORDER BY id",
                Set.of("entry", "source", "manifest"), "SELECT id FROM plugins WHERE name = ? AND owner_user_id = ?");
        install("user_mcp_installs", "server_id", "mcp_servers", "its MCP server was not imported");
        install("user_skill_installs", "skill_id", "skills", "its skill was not imported");
        install("user_plugin_installs", "plugin_id", "plugins", "its plugin was not imported");
        envVars();
        perUser("user_claude_md_settings", "SELECT id, user_id, enabled, content, created_at, updated_at"
                + " FROM user_claude_md_settings ORDER BY id", Set.of(), "the user has CLAUDE.md settings here already");
        perUser("slash_commands", "SELECT id, user_id, name, mode, enabled, description, argument_hint, allowed_tools,"
                + " content, raw_markdown, created_at, updated_at FROM slash_commands ORDER BY id", Set.of(),
                "the user has a slash command of that name here already");
        perUser("sub_agents", "SELECT id, user_id, name, mode, enabled, description, prompt, tools::text AS tools,"
                + " model, raw_markdown, created_at, updated_at FROM sub_agents ORDER BY id", Set.of("tools"),
                "the user has a subagent of that name here already");
        sessions();
        scheduledTasks();
        messages();
        runs();
        toolExecutions();
        usageLogs();
        objects();
        accounts();
    }

    // ---- tables ---------------------------------------------------------------------------------------------------

    private void projects() throws SQLException {
        copy("projects", "SELECT id, user_id, name, repo_url, git_branch, git_token_env_key, is_deleted, created_at,"
                + " updated_at FROM projects ORDER BY created_at, id", row -> {
                    if (Boolean.TRUE.equals(row.get("is_deleted"))) {
                        return Outcome.skipped("deleted in poco");
                    }
                    row.put("user_id", owner(row, "user_id"));
                    return keepingId("projects", row, Set.of());
                });
    }

    private void capability(String table, String select, Set<String> json, String findByName) throws SQLException {
        copy(table, select, row -> {
            String owner = owner(row, "owner_user_id");
            row.put("owner_user_id", owner);
            if (row.containsKey("entry")) {
                row.put("entry", packageEntry(table, row, owner));
            }
            Optional<String> id = insert(table, row, json, false);
            if (id.isPresent()) {
                return Outcome.imported(id.get());
            }
            try (PreparedStatement st = ours.prepareStatement(findByName)) {
                st.setString(1, (String) row.get("name"));
                st.setString(2, owner);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return Outcome.existing(rs.getInt(1), "one of that name and owner is here already (kept ours)");
                }
            }
        });
    }

    private void install(String table, String column, String parent, String parentMissing) throws SQLException {
        copy(table, "SELECT id, user_id, " + column + ", enabled, created_at, updated_at FROM " + table
                + " ORDER BY id", row -> {
                    String target = mapped(parent, row.get(column));
                    if (target == null) {
                        return Outcome.skipped(parentMissing);
                    }
                    row.put("user_id", owner(row, "user_id"));
                    row.put(column, Integer.parseInt(target));
                    return insert(table, row, Set.of(), false).map(Outcome::imported)
                            .orElseGet(() -> Outcome.skipped("the user has it installed here already"));
                });
    }

    private void envVars() throws SQLException {
        copy("user_env_vars", "SELECT id, user_id, key, value_ciphertext, description, scope, created_at, updated_at"
                + " FROM user_env_vars ORDER BY id", row -> {
                    String pocoOwner = String.valueOf(row.get("user_id"));
                    String key = String.valueOf(row.get("key")).strip();
                    String owner = owner(row, "user_id");
                    if (!ENV_KEY.matcher(key).matches()) {
                        return Outcome.skipped("the key is not a variable name ([A-Za-z_][A-Za-z0-9_]*), which Poco"
                                + " requires");
                    }
                    Optional<String> plain = options.box().open(pocoOwner, key,
                            String.valueOf(row.get("value_ciphertext")));
                    if (plain.isEmpty()) {
                        report.undecryptable.add(pocoOwner + ": " + key);
                        return Outcome.skipped("the value does not decrypt with the SECRET_KEY given");
                    }
                    row.put("user_id", owner);
                    row.put("key", key);
                    row.put("value_ciphertext", options.box().seal(owner, key, plain.get()));
                    return insert("user_env_vars", row, Set.of(), false).map(Outcome::imported)
                            .orElseGet(() -> Outcome.skipped("the user has a variable of that key here already"));
                });
    }

    private void perUser(String table, String select, Set<String> json, String conflict) throws SQLException {
        copy(table, select, row -> {
            row.put("user_id", owner(row, "user_id"));
            return insert(table, row, json, false).map(Outcome::imported).orElseGet(() -> Outcome.skipped(conflict));
        });
    }

    private void sessions() throws SQLException {
        copy("agent_sessions", "SELECT id, user_id, project_id, sdk_session_id, config_snapshot::text AS"
                + " config_snapshot, workspace_archive_url, state_patch::text AS state_patch, workspace_files_prefix,"
                + " workspace_manifest_key, workspace_archive_key, workspace_export_status, title, kind, status,"
                + " is_deleted, created_at, updated_at FROM agent_sessions ORDER BY created_at, id", row -> {
                    if (Boolean.TRUE.equals(row.get("is_deleted"))) {
                        return Outcome.skipped("deleted in poco");
                    }
                    String owner = owner(row, "user_id");
                    row.put("user_id", owner);
                    if (row.get("project_id") != null && mapped("projects", row.get("project_id")) == null) {
                        row.put("project_id", null); // its project was deleted in poco
                    }
                    row.put("config_snapshot", remapConfig((String) row.get("config_snapshot")));
                    if (ACTIVE_SESSION.contains(String.valueOf(row.get("status")))) {
                        row.put("status", "canceled"); // its run is not resumed here (see runs())
                    }
                    UUID id = (UUID) java.util.Objects.requireNonNull(row.get("id"));
                    workspace(row, owner, id);
                    return keepingId("agent_sessions", row, Set.of("config_snapshot", "state_patch"));
                });
    }

    private void scheduledTasks() throws SQLException {
        if (!has("agent_scheduled_tasks")) {
            return;
        }
        copy("agent_scheduled_tasks", "SELECT id, user_id, name, enabled, reuse_session, session_id, cron, timezone,"
                + " prompt, config_snapshot::text AS config_snapshot, input_files::text AS input_files, next_run_at,"
                + " last_run_id, last_run_status, last_error, is_deleted, created_at, updated_at"
                + " FROM agent_scheduled_tasks ORDER BY created_at, id", row -> {
                    if (Boolean.TRUE.equals(row.get("is_deleted"))) {
                        return Outcome.skipped("deleted in poco");
                    }
                    row.put("user_id", owner(row, "user_id"));
                    if (row.get("session_id") != null && mapped("agent_sessions", row.get("session_id")) == null) {
                        row.put("session_id", null);
                    }
                    row.put("config_snapshot", remapConfig((String) row.get("config_snapshot")));
                    if (ACTIVE_RUN.contains(String.valueOf(row.get("last_run_status")))) {
                        row.put("last_run_status", "canceled");
                    }
                    return keepingId("agent_scheduled_tasks", row, Set.of("config_snapshot", "input_files"));
                });
    }

    private void messages() throws SQLException {
        copy("agent_messages", "SELECT id, session_id, role, content::text AS content, text_preview, created_at,"
                + " updated_at FROM agent_messages ORDER BY id", row -> {
                    if (mapped("agent_sessions", row.get("session_id")) == null) {
                        return Outcome.skipped("its session was not imported");
                    }
                    return Outcome.imported(insert("agent_messages", row, Set.of("content"), false).orElseThrow());
                });
    }

    private void runs() throws SQLException {
        copy("agent_runs", "SELECT id, session_id, user_message_id, status, permission_mode, progress, schedule_mode,"
                + (has("agent_scheduled_tasks") ? " scheduled_task_id," : "")
                + " config_snapshot::text AS config_snapshot, scheduled_at, claimed_by, lease_expires_at, attempts,"
                + " last_error, started_at, finished_at, created_at, updated_at FROM agent_runs ORDER BY created_at, id",
                row -> {
                    String message = mapped("agent_messages", message(row.get("session_id"),
                            row.get("user_message_id")));
                    if (mapped("agent_sessions", row.get("session_id")) == null || message == null) {
                        return Outcome.skipped("its session was not imported");
                    }
                    row.put("user_message_id", Long.parseLong(message));
                    if (row.get("scheduled_task_id") != null
                            && mapped("agent_scheduled_tasks", row.get("scheduled_task_id")) == null) {
                        row.put("scheduled_task_id", null);
                    }
                    row.put("config_snapshot", remapConfig((String) row.get("config_snapshot")));
                    String status = String.valueOf(row.get("status"));
                    if (ACTIVE_RUN.contains(status)) {
                        // nothing here executes it: poco's executor held it, and its sandbox is gone
                        row.put("status", "canceled");
                        row.put("last_error", "Imported from poco while " + status
                                + "; it was not run here. Send the message again to run it.");
                        row.put("claimed_by", null);
                        row.put("lease_expires_at", null);
                        if (row.get("finished_at") == null) {
                            row.put("finished_at", OffsetDateTime.now(java.time.ZoneOffset.UTC));
                        }
                    }
                    return keepingId("agent_runs", row, Set.of("config_snapshot"));
                });
    }

    private void toolExecutions() throws SQLException {
        copy("tool_executions", "SELECT id, session_id, message_id, tool_use_id, tool_name, tool_input::text AS"
                + " tool_input, tool_output::text AS tool_output, result_message_id, is_error, duration_ms, created_at,"
                + " updated_at FROM tool_executions ORDER BY created_at, id", row -> {
                    String message = mapped("agent_messages",
                            message(row.get("session_id"), row.get("message_id")));
                    if (mapped("agent_sessions", row.get("session_id")) == null || message == null) {
                        return Outcome.skipped("its session was not imported");
                    }
                    row.put("message_id", Long.parseLong(message));
                    String result = row.get("result_message_id") == null ? null
                            : mapped("agent_messages",
                                    message(row.get("session_id"), row.get("result_message_id")));
                    row.put("result_message_id", result == null ? null : Long.parseLong(result));
                    return keepingId("tool_executions", row, Set.of("tool_input", "tool_output"));
                });
    }

    private void usageLogs() throws SQLException {
        if (!has("usage_logs")) {
            return;
        }
        copy("usage_logs", "SELECT id, session_id, run_id, total_cost_usd, duration_ms, usage_json::text AS"
                + " usage_json, created_at, updated_at FROM usage_logs ORDER BY created_at, id", row -> {
                    if (mapped("agent_sessions", row.get("session_id")) == null) {
                        return Outcome.skipped("its session was not imported");
                    }
                    if (row.get("run_id") != null && mapped("agent_runs", row.get("run_id")) == null) {
                        row.put("run_id", null);
                    }
                    return keepingId("usage_logs", row, Set.of("usage_json"));
                });
    }

    /** Lists the owners of imported rows that cannot sign in, when this Poco has accounts at all. */
    private void accounts() throws SQLException {
        if (!tables(ours).contains("users")) {
            return;
        }
        Set<String> accounts = new java.util.HashSet<>();
        try (Statement st = ours.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM users")) {
            while (rs.next()) {
                accounts.add(rs.getString(1));
            }
        }
        if (accounts.isEmpty()) {
            return; // no accounts: POCO_AUTH_MODE=none, where the user id is whatever the caller says
        }
        for (String owner : report.owners) {
            if (!accounts.contains(owner) && !owner.equals(EnvVarScope.SYSTEM_OWNER)) {
                report.ownersWithoutAccount.add(owner);
            }
        }
    }

    // ---- object store ---------------------------------------------------------------------------------------------

    /** Points a session's workspace columns at our layout ({@link BlobKeys#workspace}); {@link #objects} copies. */
    private static void workspace(Map<String, @Nullable Object> row, String owner, UUID session) {
        if (row.get("workspace_files_prefix") != null) {
            row.put("workspace_files_prefix", BlobKeys.workspaceFiles(owner, session));
        }
        if (row.get("workspace_manifest_key") != null) {
            row.put("workspace_manifest_key", BlobKeys.workspaceManifest(owner, session));
        }
        if (row.get("workspace_archive_key") != null) {
            row.put("workspace_archive_key", BlobKeys.workspaceArchive(owner, session));
        }
    }

    /** A skill's or plugin's {@code entry} with its {@code s3_key} moved into the owner's area here. */
    private static @Nullable String packageEntry(String table, Map<String, @Nullable Object> row, String owner) {
        String entry = (String) row.get("entry");
        if (entry == null) {
            return null;
        }
        JsonNode node = JSON.readTree(entry);
        String pocoArea = table + "/" + row.get("owner_user_id_poco") + "/";
        JsonNode key = node.path("s3_key");
        if (!(node instanceof ObjectNode object) || !key.isString() || !key.asString().startsWith(pocoArea)) {
            return entry;
        }
        object.put("s3_key", table + "/" + WorkspaceLayout.userDirName(owner) + "/"
                + key.asString().substring(pocoArea.length()));
        return JSON.writeValueAsString(object);
    }

    /**
     * With {@code --s3}: copies the objects of every imported session's workspace export
     * ({@code workspaces/<poco user>/<session>/…}, the manifest's keys rewritten) and of every imported skill's and
     * plugin's package into our store under our keys, once each ({@code poco_import_map} rows {@code workspace},
     * {@code skills_package}, {@code plugins_package}): also for rows a run without {@code --s3} brought over.
     */
    private void objects() throws SQLException {
        if (options.source() == null) {
            return;
        }
        copy("workspace exports", "SELECT id, user_id FROM agent_sessions WHERE NOT is_deleted AND"
                + " (workspace_files_prefix IS NOT NULL OR workspace_manifest_key IS NOT NULL"
                + " OR workspace_archive_key IS NOT NULL) ORDER BY created_at, id", row -> {
                    String session = String.valueOf(row.get("id"));
                    if (mapped("agent_sessions", session) == null || existingOnly.contains("agent_sessions:" + session)) {
                        return Outcome.skipped("its session was not imported");
                    }
                    String owner = ownerHere("SELECT user_id FROM agent_sessions WHERE id = CAST(? AS uuid)", session);
                    String from = "workspaces/" + row.get("user_id") + "/" + session + "/";
                    int copied = copyPrefix(from, BlobKeys.workspace(owner, UUID.fromString(session)) + "/",
                            key -> key.endsWith("/manifest.json"));
                    return copied == 0 ? Outcome.skipped("nothing under " + from + " in poco's bucket")
                            : Outcome.imported(session);
                }, "workspace");
        for (String table : List.of("skills", "plugins")) {
            if (!has(table)) {
                continue;
            }
            copy(table + " packages", "SELECT id, owner_user_id, entry::text AS entry FROM " + table + " ORDER BY id",
                    row -> {
                        String ours = mapped(table, row.get("id"));
                        JsonNode entry = JSON.readTree(String.valueOf(row.get("entry")));
                        JsonNode key = entry.path("s3_key");
                        if (ours == null || existingOnly.contains(table + ":" + row.get("id"))) {
                            return Outcome.skipped("not imported");
                        }
                        if (!key.isString() || key.asString().isBlank()) {
                            return Outcome.skipped("no package files in poco's bucket (manual entry)");
                        }
                        String target = ownerHere("SELECT entry->>'s3_key' FROM " + table + " WHERE id = CAST(? AS"
                                + " integer)", ours);
                        boolean prefix = key.asString().endsWith("/") || entry.path("is_prefix").asBoolean(false);
                        String from = prefix && !key.asString().endsWith("/") ? key.asString() + "/" : key.asString();
                        int copied = copyPrefix(from, prefix && !target.endsWith("/") ? target + "/" : target,
                                k -> false);
                        return copied == 0 ? Outcome.skipped("nothing under " + from + " in poco's bucket")
                                : Outcome.imported(ours);
                    }, table + "_package");
        }
    }

    private String ownerHere(String sql, String id) throws SQLException {
        try (PreparedStatement st = ours.prepareStatement(sql)) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    throw new IllegalStateException("Imported row " + id + " is missing here");
                }
                return rs.getString(1);
            }
        }
    }

    /** Copies every object under {@code from} to the same path under {@code to}; the count of objects. */
    private int copyPrefix(String from, String to, java.util.function.Predicate<String> rewriteKeys) {
        BlobStore source = options.source();
        if (source == null) {
            return 0;
        }
        List<BlobInfo> objects = from.endsWith("/") ? source.list(from)
                : source.stat(from).map(List::of).orElse(List.of());
        for (BlobInfo object : objects) {
            String target = to + object.key().substring(from.length());
            report.objectsCopied++;
            report.bytesCopied += object.size();
            if (options.dryRun()) {
                continue;
            }
            try (InputStream in = source.get(object.key()).orElseThrow(() -> new IllegalStateException(
                    object.key() + " vanished from poco's bucket while copying"))) {
                if (rewriteKeys.test(object.key())) {
                    byte[] bytes = rewrite(in.readAllBytes(), from, to);
                    options.target().put(target, new ByteArrayInputStream(bytes), bytes.length,
                            object.contentType() != null ? object.contentType() : "application/json");
                } else {
                    options.target().put(target, in, object.size(), object.contentType());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not copy " + object.key() + ": " + e.getMessage(), e);
            }
        }
        return objects.size();
    }

    /** A manifest whose string values naming keys under {@code from} name them under {@code to}. */
    private static byte[] rewrite(byte[] manifest, String from, String to) {
        JsonNode node;
        try {
            node = JSON.readTree(manifest);
        } catch (RuntimeException e) {
            return manifest; // not JSON: copied as it is
        }
        return JSON.writeValueAsBytes(rewrite(node, from, to));
    }

    private static JsonNode rewrite(JsonNode node, String from, String to) {
        if (node.isString() && node.asString().startsWith(from)) {
            return StringNode.valueOf(to + node.asString().substring(from.length()));
        }
        if (node instanceof ObjectNode object) {
            for (var e : new ArrayList<>(object.properties())) {
                object.set(e.getKey(), rewrite(e.getValue(), from, to));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, rewrite(array.get(i), from, to));
            }
        }
        return node;
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private boolean has(String table) {
        return present.contains(table);
    }

    private void loadMap() throws SQLException {
        try (Statement st = ours.createStatement();
                ResultSet rs = st.executeQuery("SELECT source_table, source_id, target_id FROM poco_import_map")) {
            while (rs.next()) {
                ids.computeIfAbsent(rs.getString(1), t -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
            }
        }
    }

    /** The key of a poco message in {@code poco_import_map}: {@code <session uuid>/<message id>}. */
    private static String message(@Nullable Object session, @Nullable Object id) {
        return session + "/" + id;
    }

    private @Nullable String mapped(String table, @Nullable Object sourceId) {
        return sourceId == null ? null : ids.getOrDefault(table, Map.of()).get(String.valueOf(sourceId));
    }

    /** The owner here of a poco user id ({@code --user-map}, else the same id); {@code __system__} stays. */
    private String owner(Map<String, @Nullable Object> row, String column) {
        String pocoOwner = String.valueOf(row.get(column));
        row.put(column + "_poco", pocoOwner);
        String owner = pocoOwner.equals(EnvVarScope.SYSTEM_OWNER) ? pocoOwner
                : options.userMap().getOrDefault(pocoOwner, pocoOwner);
        report.owners.add(owner);
        return owner;
    }

    /** Reads {@code select} from poco and hands each row not imported before to {@code each}. */
    private void copy(String table, String select, RowImport each) throws SQLException {
        copy(table, select, each, table);
    }

    /** {@link #copy(String, String, RowImport)} recording in {@code poco_import_map} as {@code mapTable}. */
    private void copy(String table, String select, RowImport each, String mapTable) throws SQLException {
        if (table.equals(mapTable) && !has(table)) {
            report.missingTables.add(table);
            return;
        }
        ImportReport.Counts counts = report.table(table);
        Map<String, String> done = ids.computeIfAbsent(mapTable, t -> new HashMap<>());
        try (Statement st = poco.createStatement()) {
            st.setFetchSize(500);
            try (ResultSet rs = st.executeQuery(select)) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    counts.found++;
                    Map<String, @Nullable Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        int type = meta.getColumnType(i);
                        row.put(meta.getColumnLabel(i), type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE
                                ? rs.getObject(i, OffsetDateTime.class) : rs.getObject(i));
                    }
                    // message ids are poco's sequence: qualified by their session, a second poco cannot collide
                    String sourceId = table.equals("agent_messages") ? message(row.get("session_id"), row.get("id"))
                            : String.valueOf(row.get("id"));
                    if (done.containsKey(sourceId)) {
                        counts.already++;
                        continue;
                    }
                    Outcome outcome = each.apply(row);
                    if (outcome.skipReason() != null) {
                        report.skip(table, outcome.skipReason());
                        if (outcome.targetId() != null) {
                            done.put(sourceId, outcome.targetId()); // for this run's references only
                            existingOnly.add(mapTable + ":" + sourceId);
                        }
                        continue;
                    }
                    String target = java.util.Objects.requireNonNull(outcome.targetId());
                    done.put(sourceId, target);
                    counts.imported++;
                    try (PreparedStatement map = ours.prepareStatement(
                            "INSERT INTO poco_import_map (source_table, source_id, target_id) VALUES (?, ?, ?)")) {
                        map.setString(1, mapTable);
                        map.setString(2, sourceId);
                        map.setString(3, target);
                        map.executeUpdate();
                    }
                }
            }
        }
    }

    /** Inserts a row that keeps poco's UUID; skipped when that id (or a unique key of the row) is here already. */
    private Outcome keepingId(String table, Map<String, @Nullable Object> row, Set<String> json) throws SQLException {
        return insert(table, row, json, true).map(Outcome::imported)
                .orElseGet(() -> Outcome.skipped("a row with this id is here already"));
    }

    /**
     * {@code INSERT … ON CONFLICT DO NOTHING RETURNING id}; {@code keepId} sends poco's id, else ours is generated.
     * Columns ending in {@code _poco} are bookkeeping and not sent.
     *
     * @return the new row's id, empty on a conflict
     */
    private Optional<String> insert(String table, Map<String, @Nullable Object> row, Set<String> json, boolean keepId)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<@Nullable Object> params = new ArrayList<>();
        row.forEach((column, value) -> {
            if (column.endsWith("_poco") || (column.equals("id") && !keepId)) {
                return;
            }
            columns.add(column);
            values.add(json.contains(column) ? "CAST(? AS jsonb)" : "?");
            params.add(value);
        });
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", values) + ") ON CONFLICT DO NOTHING RETURNING id";
        try (PreparedStatement st = ours.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                Object value = params.get(i);
                if (value == null) {
                    st.setNull(i + 1, Types.NULL);
                } else {
                    st.setObject(i + 1, value);
                }
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * A config snapshot whose capability ids ({@code mcp_server_ids}, {@code skill_ids}, {@code plugin_ids},
     * {@code subagent_ids}, and the keys of {@code mcp_config} / {@code skill_config} / {@code plugin_config}) name
     * our rows; ids of rows not imported are dropped rather than left to name someone else's.
     */
    private @Nullable String remapConfig(@Nullable String config) {
        if (config == null) {
            return null;
        }
        JsonNode node = JSON.readTree(config);
        if (!(node instanceof ObjectNode object)) {
            return config;
        }
        Map<String, String> lists = Map.of("mcp_server_ids", "mcp_servers", "skill_ids", "skills",
                "plugin_ids", "plugins", "subagent_ids", "sub_agents");
        lists.forEach((key, table) -> {
            if (object.get(key) instanceof ArrayNode array) {
                ArrayNode remapped = JsonNodeFactory.instance.arrayNode();
                for (JsonNode id : array) {
                    String target = mapped(table, id.asString());
                    if (target != null) {
                        remapped.add(Integer.parseInt(target));
                    }
                }
                object.set(key, remapped);
            }
        });
        Map<String, String> maps = Map.of("mcp_config", "mcp_servers", "skill_config", "skills",
                "plugin_config", "plugins");
        maps.forEach((key, table) -> {
            if (object.get(key) instanceof ObjectNode map) {
                ObjectNode remapped = JsonNodeFactory.instance.objectNode();
                map.properties().forEach(e -> {
                    String target = mapped(table, e.getKey());
                    if (target != null) {
                        remapped.set(target, e.getValue());
                    }
                });
                object.set(key, remapped);
            }
        });
        return JSON.writeValueAsString(object);
    }
}
