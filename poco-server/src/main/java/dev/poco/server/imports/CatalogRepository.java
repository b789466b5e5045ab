package dev.poco.server.imports;

import dev.poco.server.common.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/**
 * SQL for {@code skills} and {@code plugins}. Table names come from {@link PackageKind}, never from input. Plugins
 * carry three more columns, read and written only for {@link PackageKind#PLUGIN}.
 */
@Repository
class CatalogRepository {

    /** The fields an insert or update writes. */
    record Fields(String name, String scope, JsonNode entry, @Nullable JsonNode source, @Nullable String description,
            @Nullable String version, @Nullable JsonNode manifest) {}

    private final JdbcClient jdbc;
    private final Json json;

    CatalogRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<CatalogItem> find(PackageKind kind, int id) {
        return jdbc.sql("SELECT * FROM " + kind.table() + " WHERE id = :id").param("id", id)
                .query((rs, i) -> row(kind, rs)).optional();
    }

    Optional<CatalogItem> findOwned(PackageKind kind, String owner, String name) {
        return jdbc.sql("SELECT * FROM " + kind.table() + " WHERE owner_user_id = :owner AND name = :name")
                .param("owner", owner).param("name", name).query((rs, i) -> row(kind, rs)).optional();
    }

    /** poco's visibility: the user's own items and system items no own item of the same name shadows; newest first. */
    List<CatalogItem> visible(PackageKind kind, String userId) {
        return jdbc.sql("SELECT * FROM " + kind.table() + " t WHERE (t.scope <> 'system' AND t.owner_user_id = :user)"
                        + " OR (t.scope = 'system' AND NOT EXISTS (SELECT 1 FROM " + kind.table() + " o"
                        + " WHERE o.scope <> 'system' AND o.owner_user_id = :user AND o.name = t.name))"
                        + " ORDER BY t.created_at DESC, t.id DESC")
                .param("user", userId).query((rs, i) -> row(kind, rs)).list();
    }

    /** Items by id that {@code userId} has an install row for (enabled or not), in id order. */
    List<CatalogItem> installed(PackageKind kind, String userId, List<Integer> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT t.* FROM " + kind.table() + " t JOIN " + kind.installTable() + " i ON i."
                        + kind.idField() + " = t.id WHERE i.user_id = :user AND t.id IN (:ids)")
                .param("user", userId).param("ids", ids).query((rs, i) -> row(kind, rs)).list();
    }

    CatalogItem insert(PackageKind kind, String owner, Fields f) {
        String sql = kind == PackageKind.PLUGIN
                ? "INSERT INTO plugins (name, scope, owner_user_id, entry, source, description, version, manifest)"
                        + " VALUES (:name, :scope, :owner, CAST(:entry AS jsonb), CAST(:source AS jsonb),"
                        + " :description, :version, CAST(:manifest AS jsonb)) RETURNING *"
                : "INSERT INTO skills (name, scope, owner_user_id, entry, source)"
                        + " VALUES (:name, :scope, :owner, CAST(:entry AS jsonb), CAST(:source AS jsonb)) RETURNING *";
        return bind(kind, jdbc.sql(sql), f).param("owner", owner).query((rs, i) -> row(kind, rs)).single();
    }

    CatalogItem update(PackageKind kind, int id, Fields f) {
        String sql = kind == PackageKind.PLUGIN
                ? "UPDATE plugins SET name = :name, scope = :scope, entry = CAST(:entry AS jsonb),"
                        + " source = CAST(:source AS jsonb), description = :description, version = :version,"
                        + " manifest = CAST(:manifest AS jsonb), updated_at = now() WHERE id = :id RETURNING *"
                : "UPDATE skills SET name = :name, scope = :scope, entry = CAST(:entry AS jsonb),"
                        + " source = CAST(:source AS jsonb), updated_at = now() WHERE id = :id RETURNING *";
        return bind(kind, jdbc.sql(sql), f).param("id", id).query((rs, i) -> row(kind, rs)).single();
    }

    void delete(PackageKind kind, int id) {
        jdbc.sql("DELETE FROM " + kind.table() + " WHERE id = :id").param("id", id).update();
    }

    private JdbcClient.StatementSpec bind(PackageKind kind, JdbcClient.StatementSpec spec, Fields f) {
        spec = spec.param("name", f.name()).param("scope", f.scope()).param("entry", json.write(f.entry()))
                .param("source", json.write(f.source()));
        if (kind == PackageKind.PLUGIN) {
            spec = spec.param("description", f.description()).param("version", f.version())
                    .param("manifest", json.write(f.manifest()));
        }
        return spec;
    }

    private CatalogItem row(PackageKind kind, ResultSet rs) throws SQLException {
        boolean plugin = kind == PackageKind.PLUGIN;
        return new CatalogItem(rs.getInt("id"), kind, rs.getString("name"), rs.getString("scope"),
                rs.getString("owner_user_id"), Objects.requireNonNull(json.read(rs.getString("entry"))),
                json.read(rs.getString("source")),
                plugin ? rs.getString("description") : null,
                plugin ? rs.getString("version") : null,
                plugin ? json.read(rs.getString("manifest")) : null,
                Objects.requireNonNull(rs.getObject("created_at", OffsetDateTime.class)),
                Objects.requireNonNull(rs.getObject("updated_at", OffsetDateTime.class)));
    }
}
