package dev.poco.server.memories;

import dev.poco.server.common.Json;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/** SQL for memories, their history and the per-user switch; every read of a memory names its owner. */
@Repository
class MemoryRepository {

    /** The most memories one search ranks (newest first): a bound on the work, far above what a user keeps. */
    static final int SEARCH_CANDIDATES = 20_000;

    private final JdbcClient jdbc;
    private final Json json;

    MemoryRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Memory insert(String userId, @Nullable String runId, String text, @Nullable JsonNode metadata,
            float @Nullable [] embedding) {
        return jdbc.sql("INSERT INTO memories (user_id, agent_id, run_id, memory, hash, metadata, search_text, embedding)"
                        + " VALUES (:user, :agent, :run, :memory, :hash, CAST(:metadata AS jsonb),"
                        + " to_tsvector('simple', :document), CAST(:embedding AS real[])) RETURNING *")
                .param("user", userId).param("agent", Memory.AGENT_ID).param("run", runId).param("memory", text)
                .param("hash", MemoryText.hash(text)).param("metadata", json.write(metadata))
                .param("document", MemoryText.document(text)).param("embedding", vector(embedding))
                .query(row()).single();
    }

    /** The memory if it exists (deleted or not) and belongs to {@code userId}. */
    Optional<Memory> find(String userId, UUID id) {
        return jdbc.sql("SELECT * FROM memories WHERE id = :id AND user_id = :user")
                .param("id", id).param("user", userId).query(row()).optional();
    }

    List<Memory> list(String userId, @Nullable String runId) {
        return jdbc.sql("SELECT * FROM memories WHERE user_id = :user AND deleted_at IS NULL"
                        + " AND (CAST(:run AS varchar) IS NULL OR run_id = :run) ORDER BY created_at DESC, id")
                .param("user", userId).param("run", runId).query(row()).list();
    }

    Optional<Memory> findByHash(String userId, String hash) {
        return jdbc.sql("SELECT * FROM memories WHERE user_id = :user AND hash = :hash AND deleted_at IS NULL"
                        + " ORDER BY created_at LIMIT 1")
                .param("user", userId).param("hash", hash).query(row()).optional();
    }

    /**
     * The owner's live memories that pass the filters, each with its full text rank for {@code tsQuery} (0 when
     * blank or not matched), newest first, at most {@link #SEARCH_CANDIDATES}.
     *
     * @param metadata JSON object the memory's metadata must contain, or null
     */
    List<Ranked> candidates(String userId, String tsQuery, @Nullable String runId, @Nullable String agentId,
            @Nullable JsonNode metadata) {
        return jdbc.sql("SELECT m.*, CASE WHEN :q = '' THEN 0 ELSE"
                        + " ts_rank_cd(m.search_text, to_tsquery('simple', :q)) END AS text_rank FROM memories m"
                        + " WHERE m.user_id = :user AND m.deleted_at IS NULL"
                        + " AND (CAST(:run AS varchar) IS NULL OR m.run_id = :run)"
                        + " AND (CAST(:agent AS varchar) IS NULL OR m.agent_id = :agent)"
                        + " AND (CAST(:metadata AS jsonb) IS NULL OR m.metadata @> CAST(:metadata AS jsonb))"
                        + " ORDER BY m.created_at DESC LIMIT " + SEARCH_CANDIDATES)
                .param("q", tsQuery).param("user", userId).param("run", runId).param("agent", agentId)
                .param("metadata", json.write(metadata))
                .query((rs, i) -> new Ranked(row().mapRow(rs, i), rs.getDouble("text_rank"))).list();
    }

    record Ranked(Memory memory, double textRank) {}

    Memory updateText(UUID id, String text, float @Nullable [] embedding) {
        return jdbc.sql("UPDATE memories SET memory = :memory, hash = :hash, search_text = to_tsvector('simple',"
                        + " :document), embedding = CAST(:embedding AS real[]), updated_at = now() WHERE id = :id"
                        + " RETURNING *")
                .param("id", id).param("memory", text).param("hash", MemoryText.hash(text))
                .param("document", MemoryText.document(text)).param("embedding", vector(embedding))
                .query(row()).single();
    }

    void markDeleted(UUID id) {
        jdbc.sql("UPDATE memories SET deleted_at = now(), updated_at = now() WHERE id = :id AND deleted_at IS NULL")
                .param("id", id).update();
    }

    /** Removes every memory of every user, with its history (poco's {@code reset}). */
    int wipe() {
        return jdbc.sql("DELETE FROM memories").update();
    }

    void history(UUID memoryId, String userId, @Nullable String oldMemory, @Nullable String newMemory, String event,
            @Nullable String role, @Nullable UUID jobId) {
        jdbc.sql("INSERT INTO memory_history (memory_id, user_id, old_memory, new_memory, event, role, job_id)"
                        + " VALUES (:memory, :user, :old, :new, :event, :role, :job)")
                .param("memory", memoryId).param("user", userId).param("old", oldMemory).param("new", newMemory)
                .param("event", event).param("role", role).param("job", jobId).update();
    }

    List<MemoryHistoryEntry> history(String userId, UUID memoryId) {
        return jdbc.sql("SELECT * FROM memory_history WHERE memory_id = :memory AND user_id = :user"
                        + " ORDER BY created_at, id")
                .param("memory", memoryId).param("user", userId)
                .query((rs, i) -> new MemoryHistoryEntry(
                        Objects.requireNonNull(rs.getObject("id", UUID.class)),
                        Objects.requireNonNull(rs.getObject("memory_id", UUID.class)),
                        rs.getString("old_memory"), rs.getString("new_memory"), rs.getString("event"),
                        Objects.requireNonNull(rs.getObject("created_at", OffsetDateTime.class)),
                        Objects.requireNonNull(rs.getObject("updated_at", OffsetDateTime.class)),
                        "DELETE".equals(rs.getString("event")), rs.getString("actor_id"), rs.getString("role"),
                        rs.getObject("job_id", UUID.class)))
                .list();
    }

    /** Serialises writes of one user's memories (extraction's compare-then-write) until the transaction ends. */
    void lockUser(String userId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('poco-memory:' || :user))").param("user", userId)
                .query().singleValue();
    }

    Optional<Boolean> enabled(String userId) {
        return jdbc.sql("SELECT enabled FROM user_memory_settings WHERE user_id = :user").param("user", userId)
                .query((rs, i) -> rs.getBoolean(1)).optional();
    }

    void setEnabled(String userId, boolean enabled) {
        jdbc.sql("INSERT INTO user_memory_settings (user_id, enabled) VALUES (:user, :enabled)"
                        + " ON CONFLICT (user_id) DO UPDATE SET enabled = :enabled, updated_at = now()")
                .param("user", userId).param("enabled", enabled).update();
    }


    private static @Nullable String vector(float @Nullable [] v) {
        if (v == null) {
            return null;
        }
        StringBuilder s = new StringBuilder(v.length * 12).append('{');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append(v[i]);
        }
        return s.append('}').toString();
    }

    private RowMapper<Memory> row() {
        return (rs, i) -> new Memory(
                Objects.requireNonNull(rs.getObject("id", UUID.class)),
                rs.getString("user_id"),
                rs.getString("agent_id"),
                rs.getString("run_id"),
                rs.getString("memory"),
                rs.getString("hash"),
                json.read(rs.getString("metadata")),
                floats(rs),
                rs.getObject("deleted_at", OffsetDateTime.class),
                Objects.requireNonNull(rs.getObject("created_at", OffsetDateTime.class)),
                Objects.requireNonNull(rs.getObject("updated_at", OffsetDateTime.class)));
    }

    private static float @Nullable [] floats(ResultSet rs) throws SQLException {
        Array array = rs.getArray("embedding");
        if (array == null) {
            return null;
        }
        Object[] values = (Object[]) array.getArray();
        float[] v = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = ((Number) values[i]).floatValue();
        }
        return v;
    }
}
