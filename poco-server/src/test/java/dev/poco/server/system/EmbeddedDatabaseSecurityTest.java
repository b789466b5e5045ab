package dev.poco.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL admits only Poco: scram-sha-256 with the generated password, on
 * 127.0.0.1, no Unix socket, owner-only files; and a data directory from an older Poco, which
 * trusted every local connection, is converted on start without losing its data.
 */
class EmbeddedDatabaseSecurityTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path binaries; // unpacked once for the class

    @TempDir
    Path home;

    @Test
    void aNewDatabaseRefusesConnectionsWithoutTheRightPassword() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home, binaries, WAIT)) {
            assertThat(query(db.jdbcUrl(), db.password(), "SELECT current_user")).isEqualTo("postgres");

            assertThatThrownBy(() -> query(db.jdbcUrl(), null, "SELECT 1"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("password");
            assertThatThrownBy(() -> query(db.jdbcUrl(), "wrong-" + db.password(), "SELECT 1"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");

            Path secret = home.resolve("secrets").resolve(EmbeddedDatabase.PASSWORD_FILE);
            assertThat(Files.readString(secret).strip()).isEqualTo(db.password());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
            Path dataDir = EmbeddedDatabase.dataDirOf(home);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
            assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).doesNotContain("trust")
                    .contains("127.0.0.1/32  scram-sha-256");
            assertThat(query(db.jdbcUrl(), db.password(), "SHOW listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(query(db.jdbcUrl(), db.password(), "SHOW unix_socket_directories")).isEmpty();
            assertThat(query(db.jdbcUrl(), db.password(),
                    "SELECT count(*) FROM pg_hba_file_rules WHERE auth_method <> 'scram-sha-256'")).isEqualTo("0");
        }
    }

    @Test
    void theSamePasswordServesTheNextStart() throws Exception {
        String first;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home, binaries, WAIT)) {
            first = db.password();
            update(db.jdbcUrl(), first, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home, binaries, WAIT)) {
            assertThat(db.password()).isEqualTo(first);
            assertThat(query(db.jdbcUrl(), first, "SELECT v FROM kept")).isEqualTo("still here");
        }
    }

    @Test
    void aTrustingDataDirectoryFromAnOlderPocoIsSecuredAndKeepsItsData() throws Exception {
        Path dataDir = EmbeddedDatabase.dataDirOf(home);
        Files.createDirectories(dataDir);
        // what Poco did before: zonky's defaults, trust for every local connection
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDir)
                .setCleanDataDirectory(false).setOverrideWorkingDirectory(binaries.toFile()).start()) {
            String url = "jdbc:postgresql://127.0.0.1:" + old.getPort() + "/postgres";
            update(url, null, "CREATE TABLE sessions_before (id int); INSERT INTO sessions_before VALUES (42)");
        }
        assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).contains("trust");

        try (EmbeddedDatabase db = EmbeddedDatabase.start(home, binaries, WAIT)) {
            assertThat(query(db.jdbcUrl(), db.password(), "SELECT id FROM sessions_before")).isEqualTo("42");
            assertThatThrownBy(() -> query(db.jdbcUrl(), null, "SELECT 1")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> query(db.jdbcUrl(), "not-it", "SELECT 1")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).doesNotContain("trust");
        }
    }

    @Test
    void aLostPasswordFileIsReplacedAndTheDatabaseFollows() throws Exception {
        String first;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home, binaries, WAIT)) {
            first = db.password();
        }
        Files.delete(home.resolve("secrets").resolve(EmbeddedDatabase.PASSWORD_FILE));
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home, binaries, WAIT)) {
            assertThat(db.password()).isNotEqualTo(first);
            assertThat(query(db.jdbcUrl(), db.password(), "SELECT 1")).isEqualTo("1");
            assertThatThrownBy(() -> query(db.jdbcUrl(), first, "SELECT 1")).isInstanceOf(SQLException.class);
        }
    }

    private static String query(String url, @Nullable String password, String sql) throws SQLException {
        try (Connection c = connect(url, password); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void update(String url, @Nullable String password, String sql) throws SQLException {
        try (Connection c = connect(url, password); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static Connection connect(String url, @Nullable String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(url, props);
    }
}
