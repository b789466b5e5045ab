package dev.poco.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's figures, one line each: name, p50, p99 (or p95, named in the cell), N and what
 * was timed, in the order the benchmarks added them, under headings.
 */
final class Figures {

    /** A row of five cells, or a heading (one cell). */
    private final List<String[]> rows = new ArrayList<>();
    private final Map<String, Samples> byName = new HashMap<>();

    /** A heading line between groups of figures. */
    synchronized void heading(String title) {
        rows.add(new String[] {title});
    }

    /** A latency figure with its median and its 99th percentile. */
    synchronized void latency(String name, Samples samples, String what) {
        latency(name, samples, 0.99, what);
    }

    /** A latency figure with its median and the percentile {@code high} (0.95 or 0.99). */
    synchronized void latency(String name, Samples samples, double high, String what) {
        byName.put(name, samples);
        String p = "p" + Math.round(high * 100) + " ";
        rows.add(new String[] {name, Samples.ms(samples.medianMillis()),
                samples.size() == 0 ? "-" : p + Samples.ms(samples.percentileMillis(high)),
                Integer.toString(samples.size()), what});
    }

    /** A figure that is one value (a count, a size, a duration measured once). */
    synchronized void value(String name, String value, String n, String what) {
        rows.add(new String[] {name, value, "", n, what});
    }

    synchronized Samples samples(String name) {
        return byName.getOrDefault(name, new Samples());
    }

    synchronized boolean isEmpty() {
        return rows.isEmpty();
    }

    synchronized void print(PrintStream out) {
        Table table = new Table("figure", "p50 / value", "p99 / p95", "N", "what was timed");
        for (String[] row : rows) {
            if (row.length == 1) {
                table.note("");
                table.note("-- " + row[0] + " --");
            } else {
                table.row(row);
            }
        }
        table.print(out);
    }
}
