package dev.poco.server.system;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Copies every row of Poco's database into one file and back ({@code ./poco db export} / {@code import}): the way
 * from the embedded PostgreSQL to an external one, and a backup that needs no {@code pg_dump} (the embedded
 * binaries have none, and a distribution's {@code pg_dump} must not be older than the server).
 *
 * <p>The file is a zip: {@code manifest.json} first (format, the schema's Flyway version, every table with its
 * columns and row count, every sequence's value), then {@code tables/<name>.copy} per table in PostgreSQL's COPY
 * text format, which round-trips every type exactly. The schema itself is not in the file: the importing Poco
 * creates it with its own migrations, up to the version the export was made at, loads the rows, then migrates the
 * rest of the way, so an export of an older Poco imports into a newer one.
 *
 * <p>An export reads one consistent snapshot (a repeatable-read, read-only transaction), so it may run against a
 * database a server is using. An import loads everything in one transaction, in foreign-key order, with the
 * tables' own triggers off (the search index trigger would otherwise write the rows the file also holds), checks
 * each table's row count against the manifest, and refuses a database that already holds Poco data.
 */
public final class DatabaseTransfer {

    /** What {@code manifest.json} says it is. */
    static final String FORMAT = "poco-db-export";
    static final int FORMAT_VERSION = 1;
    static final String MANIFEST = "manifest.json";
    private static final String TABLES_DIR = "tables/";
    private static final String HISTORY = "flyway_schema_history";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Creates (or migrates) the schema of a connection's database up to a version, or all the way when null. */
    @FunctionalInterface
    public interface Migrator {
        void migrate(@Nullable String targetVersion);
    }

    /** One table's rows as exported or imported. */
    public record TableCount(String table, long rows) {}

    /** What an export or import did. */
    public record Summary(String schemaVersion, List<TableCount> tables) {
        public long rows() {
            return tables.stream().mapToLong(TableCount::rows).sum();
        }
    }

    /** The file is not an export Poco can read, or the target cannot take it; the message says why. */
    public static final class TransferException extends RuntimeException {
        TransferException(String message) {
            super(message);
        }

        TransferException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private DatabaseTransfer() {}

    // ---- export ---------------------------------------------------------------------------------

    /**
     * Writes every table of the connection's schema (but Flyway's history) to {@code out} as a zip.
     *
     * @param schemaVersion the schema's Flyway version, recorded so the import recreates the same schema
     */
    public static Summary export(Connection connection, String schemaVersion, OutputStream out)
            throws SQLException, IOException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            Map<String, List<String>> tables = tablesInLoadOrder(connection);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
            List<TableCount> counts = new ArrayList<>();
            // the manifest goes first so an import knows the version before it reads any rows; its row counts are
            // only known afterwards, so they go into a second entry the import checks against
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("format", FORMAT);
            manifest.put("format_version", FORMAT_VERSION);
            manifest.put("schema_version", schemaVersion);
            manifest.put("exported_at", Instant.now().toString());
            ArrayNode tableList = manifest.putArray("tables");
            tables.forEach((name, columns) -> {
                ObjectNode t = tableList.addObject();
                t.put("name", name);
                ArrayNode cols = t.putArray("columns");
                columns.forEach(cols::add);
            });
            ObjectNode sequences = manifest.putObject("sequences");
            for (Map.Entry<String, Long> seq : sequenceValues(connection).entrySet()) {
                sequences.put(seq.getKey(), seq.getValue());
            }
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
            for (Map.Entry<String, List<String>> table : tables.entrySet()) {
                zip.putNextEntry(new ZipEntry(TABLES_DIR + table.getKey() + ".copy"));
                LineCounter lines = new LineCounter(zip);
                copy.copyOut("COPY (SELECT " + columnList(table.getValue()) + " FROM " + quote(table.getKey())
                        + ") TO STDOUT", lines);
                zip.closeEntry();
                counts.add(new TableCount(table.getKey(), lines.lines));
            }
            ObjectNode rows = JSON.createObjectNode();
            counts.forEach(c -> rows.put(c.table(), c.rows()));
            zip.putNextEntry(new ZipEntry("rows.json"));
            zip.write(JSON.writeValueAsBytes(rows));
            zip.closeEntry();
            zip.finish();
            connection.commit();
            return new Summary(schemaVersion, counts);
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    // ---- import ---------------------------------------------------------------------------------

    /**
     * Loads an export into the connection's database, which must hold no Poco data yet.
     *
     * @param latestVersion the newest schema version this Poco knows; an export made by a newer one is refused
     * @param currentVersion the target's schema version now, or null when it has no Poco schema yet
     * @param migrator migrates the target's schema (to the export's version before the load, all the way after)
     */
    public static Summary importInto(Connection connection, InputStream in, String latestVersion,
            @Nullable String currentVersion, Migrator migrator) throws SQLException, IOException {
        ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8);
        ZipEntry first = zip.getNextEntry();
        if (first == null || !first.getName().equals(MANIFEST)) {
            throw new TransferException("This is not a Poco database export (made by ./poco db export): "
                    + (first == null ? "the file is empty or not a zip" : "it does not start with " + MANIFEST));
        }
        JsonNode manifest;
        try {
            manifest = JSON.readTree(zip.readAllBytes());
        } catch (RuntimeException e) {
            throw new TransferException("The export's manifest is damaged: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(manifest.path("format").asString(""))) {
            throw new TransferException("This is not a Poco database export (made by ./poco db export)");
        }
        if (manifest.path("format_version").asInt(0) != FORMAT_VERSION) {
            throw new TransferException("The export has format version " + manifest.path("format_version").asInt(0)
                    + "; this Poco reads version " + FORMAT_VERSION + ". Import it with the Poco that made it.");
        }
        String version = manifest.path("schema_version").asString("");
        if (version.isEmpty()) {
            throw new TransferException("The export's manifest names no schema version");
        }
        if (compareVersions(version, latestVersion) > 0) {
            throw new TransferException("The export was made by a newer Poco (schema version " + version
                    + "; this one knows up to " + latestVersion + "). Upgrade this Poco first.");
        }
        if (currentVersion != null) {
            refuseIfNotEmpty(connection);
            if (compareVersions(currentVersion, version) > 0) {
                throw new TransferException("The target database's schema (version " + currentVersion
                        + ") is newer than the export's (" + version + "). Import into a new, empty database.");
            }
        }
        migrator.migrate(version);
        refuseIfNotEmpty(connection);

        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (JsonNode t : manifest.path("tables")) {
            List<String> columns = new ArrayList<>();
            t.path("columns").forEach(c -> columns.add(c.asString()));
            expected.put(t.path("name").asString(), columns);
        }
        Map<String, List<String>> target = tablesInLoadOrder(connection);
        for (String table : expected.keySet()) {
            if (!target.containsKey(table)) {
                throw new TransferException("The export holds table " + table + ", which schema version " + version
                        + " of this Poco does not have; the file does not match its manifest");
            }
        }
        List<TableCount> counts = new ArrayList<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (String table : target.keySet()) {
                st.execute("ALTER TABLE " + quote(table) + " DISABLE TRIGGER USER");
            }
            // entries come in the export's order, which is foreign-key order (parents first)
            Set<String> loaded = new LinkedHashSet<>();
            Map<String, Long> exportedRows = Map.of();
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (name.equals("rows.json")) {
                    exportedRows = rowCounts(JSON.readTree(zip.readAllBytes()));
                    continue;
                }
                if (!name.startsWith(TABLES_DIR) || !name.endsWith(".copy")) {
                    throw new TransferException("Unexpected entry " + name + " in the export");
                }
                String table = name.substring(TABLES_DIR.length(), name.length() - ".copy".length());
                List<String> columns = expected.get(table);
                if (columns == null) {
                    throw new TransferException("The export holds rows of " + table + ", which its manifest omits");
                }
                long rows = copy.copyIn("COPY " + quote(table) + " (" + columnList(columns) + ") FROM STDIN",
                        new NonClosingInput(zip));
                counts.add(new TableCount(table, rows));
                loaded.add(table);
            }
            for (TableCount count : counts) {
                Long exported = exportedRows.get(count.table());
                if (exported == null || exported != count.rows()) {
                    throw new TransferException("Table " + count.table() + ": the export says " + exported
                            + " rows, " + count.rows() + " were read; the file is incomplete or damaged");
                }
            }
            if (!loaded.containsAll(expected.keySet())) {
                Set<String> missing = new LinkedHashSet<>(expected.keySet());
                missing.removeAll(loaded);
                throw new TransferException("The export ends before the rows of " + missing
                        + "; the file is incomplete");
            }
            for (Map.Entry<String, JsonNode> seq : manifest.path("sequences").properties()) {
                try (PreparedStatement ps = connection.prepareStatement("SELECT setval(?::regclass, ?, true)")) {
                    ps.setString(1, quote(seq.getKey()));
                    ps.setLong(2, seq.getValue().asLong());
                    ps.execute();
                }
            }
            for (String table : target.keySet()) {
                st.execute("ALTER TABLE " + quote(table) + " ENABLE TRIGGER USER");
            }
            connection.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        migrator.migrate(null);
        return new Summary(version, counts);
    }

    /** Refuses a database with any row in any of Poco's tables: an import must never mix two installations. */
    private static void refuseIfNotEmpty(Connection connection) throws SQLException {
        for (String table : tablesInLoadOrder(connection).keySet()) {
            try (Statement st = connection.createStatement();
                    ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + quote(table) + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    throw new TransferException("The target database already holds Poco data (table " + table
                            + " has rows). Import only into a new, empty database, so that nothing is mixed or"
                            + " overwritten.");
                }
            }
        }
    }

    private static Map<String, Long> rowCounts(JsonNode node) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            counts.put(e.getKey(), e.getValue().asLong());
        }
        return counts;
    }

    // ---- the schema -----------------------------------------------------------------------------

    /**
     * The schema's tables (not partitions, not Flyway's history) with their stored columns (generated ones are
     * computed again on load), parents before the tables that reference them.
     */
    static Map<String, List<String>> tablesInLoadOrder(Connection connection) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT c.relname, a.attname
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                    AND a.attgenerated = ''
                WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                  AND c.relname <> '""" + HISTORY + """
                '
                ORDER BY c.relname, a.attnum""")) {
            while (rs.next()) {
                columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        columns.keySet().forEach(t -> parents.put(t, new LinkedHashSet<>()));
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT child.relname, parent.relname
                FROM pg_constraint k
                JOIN pg_class child ON child.oid = k.conrelid
                JOIN pg_class parent ON parent.oid = k.confrelid
                JOIN pg_namespace n ON n.oid = child.relnamespace
                WHERE k.contype = 'f' AND n.nspname = current_schema()""")) {
            while (rs.next()) {
                String child = rs.getString(1);
                String parent = rs.getString(2);
                if (!child.equals(parent) && parents.containsKey(child) && columns.containsKey(parent)) {
                    parents.get(child).add(parent);
                }
            }
        }
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        while (ordered.size() < columns.size()) {
            boolean progress = false;
            for (String table : columns.keySet()) {
                if (!ordered.containsKey(table) && ordered.keySet().containsAll(parents.get(table))) {
                    ordered.put(table, columns.get(table));
                    progress = true;
                }
            }
            if (!progress) {
                Set<String> rest = new LinkedHashSet<>(columns.keySet());
                rest.removeAll(ordered.keySet());
                throw new TransferException("Tables " + rest + " reference each other in a cycle; cannot order them");
            }
        }
        return ordered;
    }

    /** Every sequence of the schema that has been used, with its last value. */
    private static Map<String, Long> sequenceValues(Connection connection) throws SQLException {
        Map<String, Long> values = new LinkedHashMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()"
                        + " AND last_value IS NOT NULL ORDER BY sequencename")) {
            while (rs.next()) {
                values.put(rs.getString(1), rs.getLong(2));
            }
        }
        return values;
    }

    /** Flyway versions compared numerically part by part ("9" before "10", "1.2" before "1.10"). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[._]");
        String[] y = b.split("[._]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static String columnList(List<String> columns) {
        return String.join(", ", columns.stream().map(DatabaseTransfer::quote).toList());
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Counts the rows of COPY text output (one line per row: newlines inside values are escaped). */
    private static final class LineCounter extends FilterOutputStream {
        long lines;

        LineCounter(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (b == '\n') {
                lines++;
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    lines++;
                }
            }
            out.write(b, off, len);
        }

        @Override
        public void close() {
            // the zip entry is closed by the exporter
        }
    }

    /** The current zip entry, which CopyManager must not close. */
    private static final class NonClosingInput extends java.io.FilterInputStream {
        NonClosingInput(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the next entry follows
        }
    }
}
