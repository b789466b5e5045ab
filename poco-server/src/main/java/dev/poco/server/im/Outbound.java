package dev.poco.server.im;

import java.util.List;

/**
 * One message to a chat, provider-neutral. {@code text} is Markdown (CommonMark subset: fenced and inline code, bold,
 * links) when {@code markdown} is true, else plain text; each provider renders it in its own dialect and splits it
 * at its limit. {@code buttons} are rows of inline buttons (attached to the last part).
 */
public record Outbound(String text, boolean markdown, List<List<Button>> buttons) {

    public static Outbound plain(String text) {
        return new Outbound(text, false, List.of());
    }

    public static Outbound markdown(String text) {
        return new Outbound(text, true, List.of());
    }

    /** A button; pressing it comes back as {@link Inbound.ButtonPress} with {@code data} (at most 64 bytes). */
    public record Button(String label, String data) {}
}
