package dev.poco.server.pocoimport;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What an import found and did, per poco table; printed the same way for a dry run and a real one. */
final class ImportReport {

    /** The counts of one table. */
    static final class Counts {
        int found;
        int imported;
        int already;
        final Map<String, Integer> skipped = new TreeMap<>();

        int skippedTotal() {
            return skipped.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final Map<String, Counts> tables = new LinkedHashMap<>();
    final List<String> missingTables = new ArrayList<>();
    /** {@code owner: KEY} of env vars whose value did not decrypt with the given SECRET_KEY. */
    final List<String> undecryptable = new ArrayList<>();
    /** Owners of imported rows that have no account here (only checked when accounts exist). */
    final Set<String> ownersWithoutAccount = new TreeSet<>();
    final Set<String> owners = new TreeSet<>();
    int objectsCopied;
    long bytesCopied;

    Counts table(String table) {
        return tables.computeIfAbsent(table, t -> new Counts());
    }

    void skip(String table, String reason) {
        table(table).skipped.merge(reason, 1, Integer::sum);
    }

    int imported() {
        return tables.values().stream().mapToInt(c -> c.imported).sum();
    }

    int imported(String table) {
        return table(table).imported;
    }

    void print(PrintStream out, boolean dryRun) {
        String verb = dryRun ? "would import" : "imported";
        out.printf("%-26s %7s %13s %17s %8s%n", "poco table", "found", verb, "already imported", "skipped");
        tables.forEach((table, c) -> {
            out.printf("%-26s %7d %13d %17d %8d%n", table, c.found, c.imported, c.already, c.skippedTotal());
            c.skipped.forEach((reason, n) -> out.printf("    skipped %d: %s%n", n, reason));
        });
        for (String table : missingTables) {
            out.println("poco: " + table + " is not in poco's database (an older poco): nothing of it to import");
        }
        if (objectsCopied > 0) {
            out.println("poco: " + (dryRun ? "would copy " : "copied ") + objectsCopied + " objects (" + bytesCopied
                    + " bytes) from poco's bucket into Poco's storage");
        }
        if (!undecryptable.isEmpty()) {
            out.println("poco: " + undecryptable.size() + " env var" + (undecryptable.size() == 1 ? "" : "s")
                    + " skipped: the value does not decrypt with the SECRET_KEY given (--secret-key-file, else"
                    + " POCO_LEGACY_SECRET_KEY / SECRET_KEY, else poco's default): " + String.join(", ", undecryptable));
            out.println("poco: give poco's SECRET_KEY and run again to import them, or have their owners enter them"
                    + " again");
        }
        if (!ownersWithoutAccount.isEmpty()) {
            out.println("poco: rows of these poco users " + (dryRun ? "would be" : "were")
                    + " imported under their poco user id, which has no account here yet: "
                    + String.join(", ", ownersWithoutAccount)
                    + " (map them to accounts with --user-map old=new on the first run)");
        }
    }
}
