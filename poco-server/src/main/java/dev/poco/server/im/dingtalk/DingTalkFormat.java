package dev.poco.server.im.dingtalk;

import dev.poco.server.im.Outbound;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * DingTalk's dialect. Its Markdown ({@code sampleMarkdown}, webhook {@code markdown}) knows headings, bold, links,
 * lists, quotes and fenced code; inline code and tables it shows as typed, which reads fine. So Markdown goes out
 * nearly as is: headings beyond level 3 become level 3 (DingTalk renders deeper ones as plain text in some clients).
 * Texts are split at {@value #LIMIT} characters (poco's chunk size, well inside DingTalk's 20,000-byte message limit
 * even in Chinese) on line boundaries; a code block cut in two is closed and reopened. Every Markdown message needs
 * a {@code title}: the notification preview, taken from its first line. Buttons are links that make the client send
 * {@code /press <data>} in the user's name ({@code dtmd://dingtalkclient/sendMessage}), which comes back to us as a
 * message.
 */
final class DingTalkFormat {

    static final int LIMIT = 1800;
    static final int TITLE = 30;
    private static final Pattern DEEP_HEADING = Pattern.compile("(?m)^#{4,6}(\\s)");
    private static final Pattern MARKUP = Pattern.compile("[*_`#>\\[\\]]|\\(https?://[^)]*\\)");

    private DingTalkFormat() {}

    static String markdown(String text) {
        return DEEP_HEADING.matcher(text).replaceAll("###$1");
    }

    /** The preview title of a message: its first non-empty line without Markdown, at most {@value #TITLE} chars. */
    static String title(String text) {
        for (String line : text.split("\n")) {
            String plain = MARKUP.matcher(line).replaceAll("").strip();
            if (!plain.isEmpty()) {
                return plain.length() <= TITLE ? plain : plain.substring(0, TITLE - 1) + "…";
            }
        }
        return "Poco";
    }

    /** The link a button opens: the client sends {@code /press <data>} to the chat as the user. */
    static String pressUrl(Outbound.Button button) {
        return "dtmd://dingtalkclient/sendMessage?content="
                + URLEncoder.encode(DingTalkMessages.PRESS + button.data(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Text in parts of at most {@code limit} characters on line boundaries, each with balanced code fences. */
    static List<String> split(String text, int limit) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String openFence = null;
        int budget = limit - 4; // room for a closing fence
        for (String rawLine : text.split("\n", -1)) {
            for (String line : hardSplit(rawLine, budget - 8)) {
                if (current.length() + line.length() + 1 > budget && !current.isEmpty()) {
                    if (openFence != null) {
                        current.append("```");
                    }
                    chunks.add(current.toString().replaceAll("\\n+$", ""));
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
        String last = current.toString().replaceAll("\\n+$", "");
        if (!last.isEmpty() || chunks.isEmpty()) {
            chunks.add(last);
        }
        return chunks;
    }

    private static List<String> hardSplit(String line, int limit) {
        List<String> pieces = new ArrayList<>();
        String rest = line;
        while (rest.length() > limit) {
            int cut = Character.isHighSurrogate(rest.charAt(limit - 1)) ? limit - 1 : limit;
            pieces.add(rest.substring(0, cut));
            rest = rest.substring(cut);
        }
        pieces.add(rest);
        return pieces;
    }
}
