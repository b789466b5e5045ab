package dev.poco.server.im.feishu;

import dev.poco.server.im.Outbound;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Poco's messages in Feishu's shapes. Plain text goes as a {@code post} (rich text: one paragraph per line, no
 * markup to get wrong); Markdown and anything with buttons as an {@code interactive} card (JSON 1.0): the text in a
 * {@code markdown} element (Feishu's lark_md dialect: headings become bold, {@code <} and {@code >} outside code
 * become entities so they are not read as {@code <at>}/{@code <font>} tags), a plain text in a {@code div} with
 * {@code plain_text}, and each row of buttons in an {@code action} element whose buttons carry {@code {"data": …}}
 * as their value. Texts are split at {@link #LIMIT} characters on line boundaries (code fences closed and reopened),
 * well inside Feishu's 30 KB card and 150 KB post limits.
 */
final class FeishuFormat {

    static final int LIMIT = 3000;
    static final String POST = "post";
    static final String CARD_MARKDOWN = "card_markdown";
    static final String CARD_PLAIN = "card_plain";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]+`");

    private FeishuFormat() {}

    /** Feishu's {@code msg_type} for a part's format. */
    static String msgType(String format) {
        return format.equals(POST) ? "post" : "interactive";
    }

    /** The {@code content} object of a part (sent as a JSON string). */
    static ObjectNode content(String format, String text, List<List<Outbound.Button>> buttons) {
        if (format.equals(POST)) {
            ObjectNode post = NODES.objectNode();
            ObjectNode zh = post.putObject("zh_cn");
            zh.put("title", "");
            ArrayNode paragraphs = zh.putArray("content");
            for (String line : text.split("\n", -1)) {
                paragraphs.addArray().addObject().put("tag", "text").put("text", line);
            }
            return post;
        }
        ObjectNode card = NODES.objectNode();
        card.putObject("config").put("wide_screen_mode", true).put("update_multi", false);
        ArrayNode elements = card.putArray("elements");
        if (format.equals(CARD_MARKDOWN)) {
            elements.addObject().put("tag", "markdown").put("content", larkMarkdown(text));
        } else {
            elements.addObject().put("tag", "div").putObject("text").put("tag", "plain_text").put("content", text);
        }
        for (List<Outbound.Button> row : buttons) {
            ArrayNode actions = elements.addObject().put("tag", "action").putArray("actions");
            for (Outbound.Button b : row) {
                ObjectNode button = actions.addObject().put("tag", "button").put("type", "default");
                button.putObject("text").put("tag", "plain_text").put("content", b.label());
                button.putObject("value").put("data", b.data());
            }
        }
        return card;
    }

    /** CommonMark (our subset) as Feishu card Markdown. */
    static String larkMarkdown(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean inCode = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
                out.append(line).append('\n');
                continue;
            }
            if (inCode) {
                out.append(line).append('\n');
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            String text = heading.matches() ? "**" + heading.group(1).strip() + "**" : line;
            out.append(escapeOutsideInlineCode(text)).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    private static String escapeOutsideInlineCode(String line) {
        StringBuilder out = new StringBuilder();
        Matcher code = INLINE_CODE.matcher(line);
        int at = 0;
        while (code.find()) {
            out.append(escape(line.substring(at, code.start()))).append(code.group());
            at = code.end();
        }
        return out.append(escape(line.substring(at))).toString();
    }

    private static String escape(String s) {
        return s.replace("<", "&lt;").replace(">", "&gt;");
    }

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
        return parts.stream().map(p -> p.endsWith("\n") ? p.substring(0, p.length() - 1) : p).toList();
    }

    /** Markdown chunks of at most {@code limit} characters on line boundaries, each with balanced code fences. */
    static List<String> splitMarkdown(String markdown, int limit) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String openFence = null; // the fence line of a code block open at the end of current
        int budget = limit - 4; // room for a closing fence
        for (String rawLine : markdown.split("\n", -1)) {
            List<String> pieces = rawLine.length() + 1 > budget - 8 ? splitPlain(rawLine, budget - 8)
                    : List.of(rawLine);
            for (String line : pieces) {
                if (current.length() + line.length() + 1 > budget && !current.isEmpty()) {
                    if (openFence != null) {
                        current.append("```");
                    }
                    chunks.add(current.toString().stripTrailing());
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
        if (!current.isEmpty() || chunks.isEmpty()) {
            chunks.add(current.toString().stripTrailing());
        }
        return chunks;
    }
}
