package dev.poco.server.im.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Telegram's dialect: Markdown becomes Bot API HTML ({@code parse_mode=HTML}; only {@code < > &} need escaping, which
 * is harder to get wrong than MarkdownV2's eighteen characters). Supported: fenced code blocks, inline code, bold,
 * links, headings (bold), bullets. Long texts are split at {@value #LIMIT} characters on line boundaries; a code
 * block cut in two is closed and reopened, so every part renders on its own.
 */
final class TelegramFormat {

    static final int LIMIT = 4096;
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)]\\((https?://[^\\s)]+)\\)");
    private static final Pattern BOLD = Pattern.compile("\\*\\*(\\S(?:.*?\\S)?)\\*\\*");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
    private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*]\\s+(.*)$");
    private static final Pattern TAG = Pattern.compile("<[^>]+>");

    private TelegramFormat() {}

    /** Plain text in parts of at most {@code limit} characters, cut after a newline where there is one. */
    static List<String> splitPlain(String text, int limit) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (rest.length() > limit) {
            int cut = rest.lastIndexOf('\n', limit - 1);
            if (cut < limit / 4) {
                cut = limit - 1; // no newline near the end: hard cut, avoiding a split surrogate pair
                if (Character.isHighSurrogate(rest.charAt(cut - 1))) {
                    cut--;
                }
            }
            parts.add(rest.substring(0, cut + 1));
            rest = rest.substring(cut + 1);
        }
        if (!rest.isEmpty() || parts.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

    /** Markdown as HTML parts of at most {@link #LIMIT} characters each. */
    static List<String> markdownParts(String markdown) {
        List<String> out = new ArrayList<>();
        for (String chunk : splitMarkdown(markdown, LIMIT)) {
            addRendered(chunk, out, 0);
        }
        return out;
    }

    private static void addRendered(String chunk, List<String> out, int depth) {
        String html = html(chunk);
        if (html.length() <= LIMIT || depth > 6) {
            out.add(html.length() <= LIMIT ? html : html.substring(0, LIMIT));
            return;
        }
        // escaping made it longer than the limit: cut the source smaller and try again
        for (String smaller : splitMarkdown(chunk, Math.max(64, chunk.length() / 2))) {
            addRendered(smaller, out, depth + 1);
        }
    }

    /** Source chunks of at most {@code limit} characters on line boundaries, each with balanced code fences. */
    static List<String> splitMarkdown(String markdown, int limit) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String openFence = null; // the fence line of a code block open at the end of current
        int budget = limit - 4; // room for a closing fence
        for (String rawLine : markdown.split("\n", -1)) {
            List<String> pieces = rawLine.length() + 1 > budget - 8 ? splitPlain(rawLine, budget - 8) : List.of(rawLine);
            for (String line : pieces) {
                if (current.length() + line.length() + 1 > budget && !current.isEmpty()) {
                    if (openFence != null) {
                        current.append("```");
                    }
                    chunks.add(stripTrailingNewline(current));
                    current.setLength(0);
                    if (openFence != null) {
                        current.append(openFence).append('\n');
                    }
                }
                current.append(line).append('\n');
                if (line.strip().startsWith("```")) {
                    openFence = openFence == null ? line.strip() : null;
                }
            }
        }
        if (!current.isEmpty()) {
            chunks.add(stripTrailingNewline(current));
        }
        return chunks;
    }

    private static String stripTrailingNewline(StringBuilder sb) {
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == '\n') {
            end--;
        }
        return sb.substring(0, end);
    }

    /** One chunk of Markdown as Telegram HTML. */
    static String html(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean inCode = false;
        for (String line : markdown.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("```")) {
                if (inCode) {
                    out.append("</code></pre>\n");
                } else {
                    String language = trimmed.substring(3).strip().replaceAll("[^A-Za-z0-9_+-]", "");
                    out.append(language.isEmpty() ? "<pre><code>" : "<pre><code class=\"language-" + language + "\">");
                }
                inCode = !inCode;
                continue;
            }
            if (inCode) {
                out.append(escape(line)).append('\n');
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            Matcher bullet = BULLET.matcher(line);
            if (heading.matches()) {
                out.append("<b>").append(inline(heading.group(1))).append("</b>");
            } else if (bullet.matches()) {
                out.append(bullet.group(1)).append("• ").append(inline(bullet.group(2)));
            } else {
                out.append(inline(line));
            }
            out.append('\n');
        }
        if (inCode) {
            out.append("</code></pre>");
        }
        return out.toString().replaceAll("\\n+$", "").replace("\n</code></pre>", "</code></pre>");
    }

    private static String inline(String line) {
        StringBuilder out = new StringBuilder();
        Matcher code = INLINE_CODE.matcher(line);
        int at = 0;
        while (code.find()) {
            out.append(text(line.substring(at, code.start())));
            out.append("<code>").append(escape(code.group(1))).append("</code>");
            at = code.end();
        }
        out.append(text(line.substring(at)));
        return out.toString();
    }

    private static String text(String plain) {
        String escaped = escape(plain);
        escaped = LINK.matcher(escaped).replaceAll(m -> Matcher.quoteReplacement(
                "<a href=\"" + m.group(2).replace("\"", "&quot;") + "\">" + m.group(1) + "</a>"));
        return BOLD.matcher(escaped).replaceAll("<b>$1</b>");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The visible text of our HTML, for the plain-text retry when Telegram cannot parse it. */
    static String toPlain(String html) {
        return TAG.matcher(html).replaceAll("").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&amp;", "&");
    }
}
