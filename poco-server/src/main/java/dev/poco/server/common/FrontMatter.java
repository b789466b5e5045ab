package dev.poco.server.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The leading YAML front matter of a Claude Code markdown file (slash commands, subagents): a first
 * line {@code ---} (a byte-order mark tolerated) up to the next {@code ---} line. Only the top-level
 * keys are looked at; no YAML library is needed for that and poco does the same line-wise.
 */
public final class FrontMatter {

    private static final String FENCE = "---";

    private FrontMatter() {}

    /**
     * The text without the top-level {@code key:} entry (and its indented continuation lines) of the
     * front matter, lines re-joined with {@code \n} and ending in a newline; unchanged when the text
     * has no front matter (poco strips {@code model:} this way: per-agent model overrides are off).
     */
    public static String withoutKey(String markdown, String key) {
        List<String> lines = markdown.lines().toList();
        int end = closingFence(lines);
        if (end < 0) {
            return markdown;
        }
        List<String> kept = new ArrayList<>();
        boolean skipping = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i > 0 && i < end) {
                if (skipping && (line.startsWith(" ") || line.startsWith("\t") || line.isBlank())) {
                    continue;
                }
                skipping = isKey(line, key);
                if (skipping) {
                    continue;
                }
            }
            kept.add(line);
        }
        return String.join("\n", kept) + "\n";
    }

    /** The value of a top-level front matter key, quotes stripped; empty when absent or no front matter. */
    public static Optional<String> value(String markdown, String key) {
        List<String> lines = markdown.lines().toList();
        int end = closingFence(lines);
        for (int i = 1; i < end; i++) {
            String line = lines.get(i);
            if (isKey(line, key)) {
                String value = line.substring(line.indexOf(':') + 1).strip();
                return Optional.of(unquote(value));
            }
        }
        return Optional.empty();
    }

    /** Index of the closing fence, or -1 when the text does not open with front matter. */
    private static int closingFence(List<String> lines) {
        if (lines.isEmpty() || !stripBom(lines.getFirst()).strip().equals(FENCE)) {
            return -1;
        }
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(FENCE)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isKey(String line, String key) {
        // top level only: an indented "model:" belongs to another key's block
        return line.startsWith(key) && line.substring(key.length()).stripLeading().startsWith(":");
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1).strip();
        }
        return value;
    }

    private static String stripBom(@Nullable String line) {
        if (line == null) {
            return "";
        }
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
