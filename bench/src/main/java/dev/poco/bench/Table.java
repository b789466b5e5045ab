package dev.poco.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A plain-text table with columns sized to their content. */
final class Table {

    /** The usual columns of a latency row. */
    static final String[] LATENCY = {"measured", "N", "median", "p95", "p99", "min", "max", "target"};

    /** A cell that is a figure (right-aligned): a number with an optional unit or percentile prefix. */
    static final Pattern NUMBER = Pattern.compile("(p\\d+ )?-?\\d[\\d.,]*( ?(ms|s|KB|MB|GB|%|/s))?");

    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();
    /** Lines printed as they are before the row of the same index, outside the columns. */
    private final List<List<String>> notes = new ArrayList<>();

    Table(String... headers) {
        this.headers = headers;
    }

    Table row(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("expected " + headers.length + " cells, got " + cells.length);
        }
        rows.add(cells);
        return this;
    }

    /** A line printed as it is (e.g. a heading) before the next row, not sizing the columns. */
    Table note(String line) {
        while (notes.size() <= rows.size()) {
            notes.add(new ArrayList<>());
        }
        notes.get(rows.size()).add(line);
        return this;
    }

    /** A row of {@link #LATENCY} columns for {@code samples}. */
    Table latency(String measured, Samples samples, String target) {
        return row(measured, Integer.toString(samples.size()), Samples.ms(samples.medianMillis()),
                Samples.ms(samples.percentileMillis(0.95)), Samples.ms(samples.percentileMillis(0.99)),
                Samples.ms(samples.minMillis()), Samples.ms(samples.maxMillis()), target);
    }

    void print(PrintStream out) {
        int[] width = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            width[i] = headers[i].length();
            for (String[] row : rows) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        line(out, headers, width);
        StringBuilder rule = new StringBuilder("  ");
        for (int i = 0; i < width.length; i++) {
            rule.append("-".repeat(width[i])).append(i + 1 < width.length ? "-+-" : "");
        }
        out.println(rule);
        for (int r = 0; r <= rows.size(); r++) {
            if (r < notes.size()) {
                notes.get(r).forEach(note -> out.println(("  " + note).stripTrailing()));
            }
            if (r < rows.size()) {
                line(out, rows.get(r), width);
            }
        }
    }

    private static void line(PrintStream out, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder("  ");
        for (int i = 0; i < cells.length; i++) {
            boolean numeric = i > 0 && NUMBER.matcher(cells[i]).matches();
            String cell = numeric ? " ".repeat(width[i] - cells[i].length()) + cells[i]
                    : cells[i] + " ".repeat(width[i] - cells[i].length());
            line.append(cell).append(i + 1 < cells.length ? " | " : "");
        }
        out.println(line.toString().stripTrailing());
    }
}
