package dev.poco.bench;

import java.io.PrintStream;
import org.jspecify.annotations.Nullable;

/** Report helpers shared by the benchmarks. */
final class Bench {

    private static final long STARTED = System.nanoTime();

    private Bench() {}

    /** A section heading with the benchmark's name, title and one-sentence method. */
    static void section(PrintStream out, String name, String title, String method) {
        out.println();
        out.println("== " + name + ": " + title + " ==");
        out.println(wrap("Method: " + method, 110, "  "));
        out.println();
    }

    static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    /** A progress line on stderr (the report is on stdout). */
    static void progress(String format, @Nullable Object... args) {
        System.out.flush();
        System.err.printf("  [%5.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9, String.format(format, args));
    }

    static String wrap(String text, int width, String indent) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > width && line.length() > indent.length()) {
                out.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(indent);
            }
            line.append(word).append(' ');
        }
        return out.append(line.toString().stripTrailing()).toString();
    }
}
