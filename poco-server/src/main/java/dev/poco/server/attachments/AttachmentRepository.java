package dev.poco.server.attachments;

import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code attachments}. */
@Repository
class AttachmentRepository {

    private static final RowMapper<StoredAttachment> ROW = (rs, i) -> new StoredAttachment(
            rs.getObject("id", UUID.class).toString(),
            rs.getString("user_id"),
            rs.getString("name"),
            rs.getString("content_type"),
            rs.getLong("size"),
            rs.getString("key"));

    private final JdbcClient jdbc;

    AttachmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds the row; an existing id (a sidecar imported twice at once) is left as it is. */
    void insert(UUID id, String userId, String key, String name, long size, @Nullable String contentType) {
        jdbc.sql("""
                INSERT INTO attachments (id, user_id, key, name, size, content_type)
                VALUES (:id, :user, :key, :name, :size, :type)
                ON CONFLICT (id) DO NOTHING""")
                .param("id", id).param("user", userId).param("key", key).param("name", name)
                .param("size", size).param("type", contentType)
                .update();
    }

    Optional<StoredAttachment> find(String userId, UUID id) {
        return jdbc.sql("SELECT * FROM attachments WHERE id = :id AND user_id = :user")
                .param("id", id).param("user", userId).query(ROW).optional();
    }
}
