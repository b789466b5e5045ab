package dev.poco.server.imports;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the install tables; table and column names come from {@link PackageKind}. */
@Repository
class InstallRepository {

    private final JdbcClient jdbc;

    InstallRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Install> list(PackageKind kind, String userId) {
        return jdbc.sql("SELECT * FROM " + kind.installTable() + " WHERE user_id = :user ORDER BY created_at DESC, id DESC")
                .param("user", userId).query(row(kind)).list();
    }

    Optional<Install> find(PackageKind kind, int id) {
        return jdbc.sql("SELECT * FROM " + kind.installTable() + " WHERE id = :id").param("id", id)
                .query(row(kind)).optional();
    }

    Optional<Install> findFor(PackageKind kind, String userId, int targetId) {
        return jdbc.sql("SELECT * FROM " + kind.installTable() + " WHERE user_id = :user AND " + kind.idField()
                        + " = :target")
                .param("user", userId).param("target", targetId).query(row(kind)).optional();
    }

    Install insert(PackageKind kind, String userId, int targetId, boolean enabled) {
        return jdbc.sql("INSERT INTO " + kind.installTable() + " (user_id, " + kind.idField() + ", enabled)"
                        + " VALUES (:user, :target, :enabled) RETURNING *")
                .param("user", userId).param("target", targetId).param("enabled", enabled)
                .query(row(kind)).single();
    }

    /** Creates the install enabled, or enables the existing one. */
    void ensureEnabled(PackageKind kind, String userId, int targetId) {
        jdbc.sql("INSERT INTO " + kind.installTable() + " (user_id, " + kind.idField() + ", enabled)"
                        + " VALUES (:user, :target, true) ON CONFLICT (user_id, " + kind.idField()
                        + ") DO UPDATE SET enabled = true, updated_at = now()")
                .param("user", userId).param("target", targetId).update();
    }

    Install setEnabled(PackageKind kind, int id, boolean enabled) {
        return jdbc.sql("UPDATE " + kind.installTable() + " SET enabled = :enabled, updated_at = now() WHERE id = :id"
                        + " RETURNING *")
                .param("id", id).param("enabled", enabled).query(row(kind)).single();
    }

    int setEnabledAll(PackageKind kind, String userId, boolean enabled) {
        return jdbc.sql("UPDATE " + kind.installTable() + " SET enabled = :enabled, updated_at = now()"
                        + " WHERE user_id = :user")
                .param("user", userId).param("enabled", enabled).update();
    }

    int setEnabledSome(PackageKind kind, String userId, boolean enabled, List<Integer> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.sql("UPDATE " + kind.installTable() + " SET enabled = :enabled, updated_at = now()"
                        + " WHERE user_id = :user AND id IN (:ids)")
                .param("user", userId).param("enabled", enabled).param("ids", ids).update();
    }

    void delete(PackageKind kind, int id) {
        jdbc.sql("DELETE FROM " + kind.installTable() + " WHERE id = :id").param("id", id).update();
    }

    private static RowMapper<Install> row(PackageKind kind) {
        return (rs, i) -> new Install(rs.getInt("id"), rs.getString("user_id"), rs.getInt(kind.idField()),
                rs.getBoolean("enabled"), Objects.requireNonNull(rs.getObject("created_at", OffsetDateTime.class)),
                Objects.requireNonNull(rs.getObject("updated_at", OffsetDateTime.class)));
    }
}
