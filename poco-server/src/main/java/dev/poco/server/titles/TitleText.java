package dev.poco.server.titles;

import dev.poco.server.common.Texts;

/** Pure text rules of titles. */
final class TitleText {

    /** poco keeps the first ten words of the model's answer. */
    static final int MAX_WORDS = 10;
    /** agent_sessions.title is VARCHAR(255). */
    static final int MAX_LENGTH = 255;
    /** The fallback title: the prompt's first line, cut here. */
    static final int FIRST_LINE_LENGTH = 80;

    private TitleText() {}

    /**
     * poco's post-processing: line breaks become spaces, quotes and every Unicode punctuation (P*) and symbol (S*)
     * character go, whitespace collapses, the first ten words stay. Empty when nothing is left.
     */
    static String clean(String answer) {
        StringBuilder kept = new StringBuilder();
        answer.replace('\r', ' ').replace('\n', ' ').codePoints().forEach(cp -> {
            if (cp != '"' && cp != '\'' && !isPunctuationOrSymbol(cp)) {
                kept.appendCodePoint(cp);
            }
        });
        String[] words = kept.toString().strip().split("\\s+");
        String title = String.join(" ", java.util.Arrays.copyOf(words, Math.min(words.length, MAX_WORDS))).strip();
        return Texts.truncate(title, MAX_LENGTH).strip();
    }

    /** A title from the prompt's first non-blank line, "…" where cut. */
    static String firstLine(String prompt) {
        String line = prompt.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(prompt.strip());
        String title = Texts.truncate(line, FIRST_LINE_LENGTH);
        return title.length() < line.length() ? title.stripTrailing() + "…" : title;
    }

    private static boolean isPunctuationOrSymbol(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
