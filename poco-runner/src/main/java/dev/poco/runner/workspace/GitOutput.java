package dev.poco.runner.workspace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Pure parsers for the machine-readable git output that {@link WorkspaceStateReader} collects. Everything here reads
 * output the agent can shape (file names, remote URLs), so it tolerates anything and never throws on bad input: a
 * malformed or truncated record is dropped.
 */
final class GitOutput {

    private static final Pattern HTTP_USERINFO = Pattern.compile("^(?i)(https?://)[^/@]*@");
    private static final int MAX_URL_CHARS = 2048;

    private GitOutput() {
    }

    /** One entry of {@code git status --porcelain=v1 -z}; {@code oldPath} is set for renames and copies. */
    record StatusEntry(char index, char worktree, String path, byte[] rawPath, @Nullable String oldPath,
            byte @Nullable [] rawOldPath) {
    }

    /** One line of {@code git diff --numstat -z}; binary files have no line counts. */
    record NumStat(int added, int deleted, boolean binary) {
        static final NumStat NONE = new NumStat(0, 0, false);
    }

    /** Splits {@code output} at every occurrence of {@code boundary}; the piece after the last boundary is dropped. */
    static List<byte[]> sections(byte[] output, byte[] boundary) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int at = indexOf(output, boundary, start); at >= 0; at = indexOf(output, boundary, start)) {
            parts.add(Arrays.copyOfRange(output, start, at));
            start = at + boundary.length;
        }
        return parts;
    }

    /** NUL-terminated fields; a trailing field without its NUL (output cut at a size cap) is dropped. */
    static List<byte[]> nulFields(byte[] output) {
        List<byte[]> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < output.length; i++) {
            if (output[i] == 0) {
                fields.add(Arrays.copyOfRange(output, start, i));
                start = i + 1;
            }
        }
        return fields;
    }

    /** Parses {@code git status --porcelain=v1 -z}: {@code XY path\0}, renames followed by {@code old\0}. */
    static List<StatusEntry> status(byte[] output) {
        List<byte[]> fields = nulFields(output);
        List<StatusEntry> entries = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            byte[] field = fields.get(i);
            if (field.length < 4 || field[2] != ' ') {
                continue;
            }
            char x = (char) field[0];
            char y = (char) field[1];
            byte[] raw = Arrays.copyOfRange(field, 3, field.length);
            byte @Nullable [] rawOld = null;
            if (x == 'R' || x == 'C') {
                if (i + 1 >= fields.size()) {
                    break; // the old name was cut off
                }
                rawOld = fields.get(++i);
            }
            entries.add(new StatusEntry(x, y, text(raw), raw, rawOld == null ? null : text(rawOld), rawOld));
        }
        return entries;
    }

    /**
     * Parses {@code git diff --numstat -z} into counts by (new) path: {@code added\tdeleted\tpath\0}, or for a rename
     * {@code added\tdeleted\t\0old\0new\0}; {@code -\t-} marks a binary file.
     */
    static Map<String, NumStat> numstat(byte[] output) {
        List<byte[]> fields = nulFields(output);
        Map<String, NumStat> stats = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            String[] columns = text(fields.get(i)).split("\t", 3);
            if (columns.length < 3) {
                continue;
            }
            String path = columns[2];
            if (path.isEmpty()) {
                if (i + 2 >= fields.size()) {
                    break;
                }
                path = text(fields.get(i + 2));
                i += 2;
            }
            boolean binary = columns[0].equals("-") && columns[1].equals("-");
            stats.put(path, new NumStat(binary ? 0 : count(columns[0]), binary ? 0 : count(columns[1]), binary));
        }
        return stats;
    }

    /**
     * The URL of {@code origin}, else {@code upstream}, else the first remote, from {@code git config -z
     * --get-regexp '^remote\..*\.url$'} ({@code remote.<name>.url\n<url>\0}). Credentials in an http(s) URL are
     * removed: the state is shown to users and stored.
     */
    static @Nullable String repository(byte[] output) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (byte[] field : nulFields(output)) {
            String entry = text(field);
            int newline = entry.indexOf('\n');
            if (newline < 0 || !entry.startsWith("remote.") || !entry.substring(0, newline).endsWith(".url")) {
                continue;
            }
            String name = entry.substring("remote.".length(), newline - ".url".length());
            urls.putIfAbsent(name, entry.substring(newline + 1));
        }
        String url = urls.containsKey("origin") ? urls.get("origin")
                : urls.containsKey("upstream") ? urls.get("upstream")
                : urls.values().stream().findFirst().orElse(null);
        if (url == null || url.isBlank()) {
            return null;
        }
        String clean = HTTP_USERINFO.matcher(url.strip()).replaceFirst("$1");
        return clean.length() > MAX_URL_CHARS ? clean.substring(0, MAX_URL_CHARS) : clean;
    }

    /** The output of {@code git branch --show-current}, or {@code null} when detached or unknown. */
    static @Nullable String branch(byte[] output) {
        String branch = text(output).strip();
        return branch.isEmpty() || branch.contains("\n") ? null : branch;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int count(String digits) {
        try {
            return (int) Math.min(Long.parseLong(digits), Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
