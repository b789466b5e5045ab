package dev.poco.server.memories;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How memory text meets PostgreSQL's full text search with the {@code simple} configuration, which splits words at
 * spaces and punctuation and so sees a whole Chinese or Japanese sentence as one word. Runs of CJK characters are
 * cut into overlapping bigrams (and single characters), in the stored document and in the query alike, so that
 * "咖啡" finds "我喜欢喝咖啡". Other scripts keep their words. The hash is mem0's: MD5 of the text.
 */
final class MemoryText {

    /** Letters and digits of any script; CJK runs are split out of them below. */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern CJK = Pattern.compile(
            "[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}]+");
    /** A query's terms beyond this are ignored: the rank of a 1,000-word query says no more than its first words. */
    static final int MAX_QUERY_TERMS = 64;

    private MemoryText() {}

    /** The text {@code to_tsvector('simple', …)} indexes: the words, with CJK runs as bigrams and characters. */
    static String document(String text) {
        List<String> terms = new ArrayList<>();
        Matcher words = WORD.matcher(text);
        while (words.find()) {
            addTerms(words.group(), terms, true);
        }
        return String.join(" ", terms);
    }

    /**
     * The terms of a query, lower-cased, unique, in order: words, and for CJK runs their bigrams (a single character
     * when the run has one). Each is letters and digits only, so it can be written into a {@code tsquery} as is.
     */
    static List<String> queryTerms(String query) {
        List<String> terms = new ArrayList<>();
        Matcher words = WORD.matcher(query);
        while (words.find()) {
            addTerms(words.group(), terms, false);
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String term : terms) {
            unique.add(term.toLowerCase(Locale.ROOT));
            if (unique.size() == MAX_QUERY_TERMS) {
                break;
            }
        }
        return List.copyOf(unique);
    }

    /** {@code to_tsquery('simple', …)} text: any term, each also as a prefix; empty when the query has no terms. */
    static String tsQuery(List<String> terms) {
        List<String> parts = new ArrayList<>();
        for (String term : terms) {
            parts.add(term + ":*");
        }
        return String.join(" | ", parts);
    }

    /** mem0's {@code hash}: MD5 of the memory text, hex. */
    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    private static void addTerms(String word, List<String> terms, boolean withCharacters) {
        Matcher cjk = CJK.matcher(word);
        int last = 0;
        while (cjk.find()) {
            if (cjk.start() > last) {
                terms.add(word.substring(last, cjk.start()));
            }
            int[] chars = cjk.group().codePoints().toArray();
            if (chars.length == 1 || withCharacters) {
                for (int c : chars) {
                    terms.add(Character.toString(c));
                }
            }
            for (int i = 0; i + 1 < chars.length; i++) {
                terms.add(Character.toString(chars[i]) + Character.toString(chars[i + 1]));
            }
            last = cjk.end();
        }
        if (last < word.length()) {
            terms.add(word.substring(last));
        }
    }
}
