package dev.poco.server.accounts;

import dev.poco.server.auth.Caller;
import dev.poco.server.envvars.EnvVarService;
import dev.poco.server.workspace.WorkspaceHandover;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Switching a {@code single_user} installation to {@code password} keeps its data: when the first admin is created,
 * every row owned by user {@code default} becomes the admin's. The tables are found in the database's own catalogue
 * (every {@code user_id} or {@code owner_user_id} column of this schema), so a table added later is included
 * without a change here. Secrets (env vars) are sealed to their owner and are resealed for the admin first; the
 * sessions' files (exports, screenshots, session directories) move to the admin's keys and directory once the
 * transaction has committed ({@link WorkspaceHandover}). Runs inside the setup's transaction.
 */
@Component
class DefaultUserHandover {

    private static final Logger log = LoggerFactory.getLogger(DefaultUserHandover.class);
    /** The accounts' own tables: their user ids are real accounts already. */
    private static final List<String> OWN_TABLES = List.of("users", "user_sessions", "invites", "user_identities");

    private final JdbcClient jdbc;
    private final EnvVarService envVars;
    private final WorkspaceHandover workspaces;

    DefaultUserHandover(JdbcClient jdbc, EnvVarService envVars, WorkspaceHandover workspaces) {
        this.jdbc = jdbc;
        this.envVars = envVars;
        this.workspaces = workspaces;
    }

    record Column(String table, String column) {}

    List<Column> ownerColumns() {
        return jdbc.sql("""
                SELECT c.table_name, c.column_name FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                  AND c.column_name IN ('user_id', 'owner_user_id')
                ORDER BY c.table_name, c.column_name""")
                .query((rs, i) -> new Column(rs.getString(1), rs.getString(2))).list().stream()
                .filter(c -> !OWN_TABLES.contains(c.table()))
                .toList();
    }

    /** Moves everything of user {@code default} to {@code adminId}; returns the number of rows moved. */
    @Transactional(propagation = Propagation.MANDATORY)
    int handOver(String adminId) {
        // secrets are sealed to their owner: seal them for the admin before they change hands
        envVars.resealForOwner(Caller.DEFAULT_USER, adminId);
        int moved = 0;
        for (Column c : ownerColumns()) {
            // identifiers come from the catalogue, never from a request; quoted all the same
            int n = jdbc.sql("UPDATE \"" + c.table().replace("\"", "\"\"") + "\" SET \"" + c.column() + "\" = :admin"
                    + " WHERE \"" + c.column() + "\" = :default")
                    .param("admin", adminId).param("default", Caller.DEFAULT_USER).update();
            if (n > 0) {
                log.info("First admin: {} row(s) of {}.{} moved from user {}", n, c.table(), c.column(),
                        Caller.DEFAULT_USER);
            }
            moved += n;
        }
        // the sessions' files are kept under their owner's keys and directory: they follow (after the commit)
        workspaces.handOver(Caller.DEFAULT_USER, adminId);
        return moved;
    }
}
