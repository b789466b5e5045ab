package dev.poco.server.search;

import dev.poco.server.search.SearchResults.Highlight;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Where a query matched a text, found the way the database matched it (migration V40): each word of the query as the
 * start of a word of the text, case-insensitively, the hit running to the end of that word; each run of CJK characters
 * as it stands, else as its pairs (the index holds only the pairs). Pure functions; ranges are in UTF-16 code units.
 */
final class Snippets {

    /** Characters shown before the first match when the text is cut. */
    static final int LEAD = 60;

    private Snippets() {}

    /** The query's words (lower case) and CJK runs. */
    record Terms(List<String> words, List<String> cjk) {
        boolean isEmpty() {
            return words.isEmpty() && cjk.isEmpty();
        }
    }

    record Snippet(String text, List<Highlight> highlights) {}

    static Terms terms(String query) {
        List<String> words = new ArrayList<>();
        List<String> cjk = new ArrayList<>();
        int i = 0;
        while (i < query.length()) {
            char c = query.charAt(i);
            int j = i + 1;
            if (isCjk(c)) {
                while (j < query.length() && isCjk(query.charAt(j))) {
                    j++;
                }
                cjk.add(query.substring(i, j));
            } else if (isWordChar(query, i)) {
                while (j < query.length() && isWordChar(query, j)) {
                    j++;
                }
                words.add(query.substring(i, j).toLowerCase(Locale.ROOT));
            }
            i = j;
        }
        return new Terms(List.copyOf(words), List.copyOf(cjk));
    }

    /** Every range of {@code text} the terms match, sorted, overlaps merged. */
    static List<Highlight> match(String text, Terms terms) {
        List<Highlight> found = new ArrayList<>();
        for (String word : terms.words()) {
            for (int at = 0; at + word.length() <= text.length(); at++) {
                if (isWordStart(text, at) && text.regionMatches(true, at, word, 0, word.length())) {
                    int end = at + word.length();
                    while (end < text.length() && isWordChar(text, end)) {
                        end++;
                    }
                    found.add(new Highlight(at, end));
                    at = end - 1;
                }
            }
        }
        for (String run : terms.cjk()) {
            List<Highlight> whole = occurrences(text, run);
            if (!whole.isEmpty() || run.length() == 1) {
                found.addAll(whole);
            } else {
                for (int k = 0; k + 2 <= run.length(); k++) {
                    found.addAll(occurrences(text, run.substring(k, k + 2)));
                }
            }
        }
        return merge(found);
    }

    /**
     * The text with its whitespace collapsed, cut to about {@code width} characters around the first match ("…" marks a
     * cut), and the matches inside it. A text without a match gives its beginning.
     */
    static Snippet snippet(String text, Terms terms, int width) {
        String flat = text.strip().replaceAll("\\s+", " ");
        List<Highlight> all = match(flat, terms);
        if (flat.length() <= width) {
            return new Snippet(flat, all);
        }
        int first = all.isEmpty() ? 0 : all.getFirst().start();
        int start = Math.max(0, first - LEAD);
        int end = Math.min(flat.length(), start + width);
        start = Math.max(0, end - width);
        if (start > 0 && Character.isLowSurrogate(flat.charAt(start))) {
            start++;
        }
        if (end < flat.length() && Character.isHighSurrogate(flat.charAt(end - 1))) {
            end--;
        }
        String prefix = start > 0 ? "…" : "";
        String suffix = end < flat.length() ? "…" : "";
        int shift = prefix.length() - start;
        List<Highlight> inside = new ArrayList<>();
        for (Highlight h : all) {
            int s = Math.max(h.start(), start);
            int e = Math.min(h.end(), end);
            if (s < e) {
                inside.add(new Highlight(s + shift, e + shift));
            }
        }
        return new Snippet(prefix + flat.substring(start, end) + suffix, inside);
    }

    private static List<Highlight> occurrences(String text, String needle) {
        List<Highlight> found = new ArrayList<>();
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            found.add(new Highlight(at, at + needle.length()));
        }
        return found;
    }

    private static List<Highlight> merge(List<Highlight> ranges) {
        List<Highlight> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(Highlight::start).thenComparingInt(Highlight::end));
        List<Highlight> merged = new ArrayList<>();
        for (Highlight h : sorted) {
            if (!merged.isEmpty() && h.start() <= merged.getLast().end()) {
                Highlight last = merged.removeLast();
                merged.add(new Highlight(last.start(), Math.max(last.end(), h.end())));
            } else {
                merged.add(h);
            }
        }
        return List.copyOf(merged);
    }

    private static boolean isWordStart(String text, int at) {
        return isWordChar(text, at) && (at == 0 || !isWordChar(text, at - 1));
    }

    /** A letter or digit that is not CJK (CJK characters are words of their own). */
    private static boolean isWordChar(String text, int at) {
        char c = text.charAt(at);
        if (isCjk(c)) {
            return false;
        }
        int cp = Character.isSurrogate(c) ? text.codePointAt(Character.isLowSurrogate(c) && at > 0 ? at - 1 : at) : c;
        return Character.isLetterOrDigit(cp);
    }

    /** The ranges poco_search_prepare splits: kana, CJK ideographs (and extension A, compatibility), hangul. */
    static boolean isCjk(char c) {
        return (c >= '\u3040' && c <= '\u30ff') || (c >= '\u3400' && c <= '\u4dbf') || (c >= '\u4e00' && c <= '\u9fff')
                || (c >= '\uac00' && c <= '\ud7af') || (c >= '\uf900' && c <= '\ufaff');
    }
}
