package dev.poco.testkit.anthropic;

import java.time.Duration;
import java.util.Collections;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A scripted assistant message. Build one with {@link Reply#text}, {@link Reply#toolUse} or
 * {@link Reply#message}, then refine it with the methods below (each returns a copy).
 *
 * @param content the blocks, rendered in order with increasing {@code index}
 * @param usage the token counts reported
 * @param stopReason the stop reason, or {@code null} for {@code tool_use} when the content holds a
 *     tool_use block and {@code end_turn} otherwise
 * @param firstByteDelay wait before the status line
 * @param eventDelay wait between two SSE events (streaming only)
 * @param abortAfterEvents if non-negative, the connection is dropped after this many SSE events,
 *     without finishing the response (streaming only); {@link #NO_ABORT} otherwise
 * @param headers extra response headers
 */
public record MessageReply(
        List<ContentBlock> content,
        Usage usage,
        @Nullable String stopReason,
        Duration firstByteDelay,
        Duration eventDelay,
        int abortAfterEvents,
        Map<String, String> headers) implements Reply {

    /** The {@link #abortAfterEvents} value meaning "finish the stream normally". */
    public static final int NO_ABORT = -1;

    public MessageReply {
        content = List.copyOf(content);
        Objects.requireNonNull(usage, "usage");
        requireNonNegative(firstByteDelay, "firstByteDelay");
        requireNonNegative(eventDelay, "eventDelay");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The stop reason sent: the scripted one, or derived from the content. */
    public String effectiveStopReason() {
        if (stopReason != null) {
            return stopReason;
        }
        return content.stream().anyMatch(ContentBlock.ToolUse.class::isInstance) ? "tool_use" : "end_turn";
    }

    /** A copy that reports {@code usage}. */
    public MessageReply withUsage(Usage usage) {
        return new MessageReply(content, usage, stopReason, firstByteDelay, eventDelay, abortAfterEvents, headers);
    }

    /** A copy that reports these input/output tokens and no cache tokens. */
    public MessageReply withUsage(int inputTokens, int outputTokens) {
        return withUsage(Usage.of(inputTokens, outputTokens));
    }

    /** A copy with a fixed stop reason, e.g. {@code max_tokens}. */
    public MessageReply withStopReason(String stopReason) {
        return new MessageReply(content, usage, stopReason, firstByteDelay, eventDelay, abortAfterEvents, headers);
    }

    @Override
    public MessageReply delayFirstByte(Duration delay) {
        return new MessageReply(content, usage, stopReason, delay, eventDelay, abortAfterEvents, headers);
    }

    /** A copy that waits {@code delay} before each SSE event after the first. */
    public MessageReply delayBetweenEvents(Duration delay) {
        return new MessageReply(content, usage, stopReason, firstByteDelay, delay, abortAfterEvents, headers);
    }

    /**
     * A copy whose stream is cut (the connection closed, the chunked body left unfinished) after
     * {@code events} SSE events, as when a proxy drops the connection. Non-streaming requests are
     * answered normally.
     */
    public MessageReply abortAfterEvents(int events) {
        if (events < 0) {
            throw new IllegalArgumentException("events must not be negative: " + events);
        }
        return new MessageReply(content, usage, stopReason, firstByteDelay, eventDelay, events, headers);
    }

    @Override
    public MessageReply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new MessageReply(content, usage, stopReason, firstByteDelay, eventDelay, abortAfterEvents, copy);
    }

    /** A copy with {@code block} appended. */
    public MessageReply and(ContentBlock block) {
        List<ContentBlock> copy = new ArrayList<>(content);
        copy.add(block);
        return new MessageReply(copy, usage, stopReason, firstByteDelay, eventDelay, abortAfterEvents, headers);
    }

    /** A copy with a text block appended. */
    public MessageReply andText(String text) {
        return and(new ContentBlock.Text(text));
    }

    /** A copy with a tool_use block (generated id) appended. */
    public MessageReply andToolUse(String name, Map<String, ?> input) {
        return and(new ContentBlock.ToolUse(null, name, Json.toObject(input)));
    }

    /** A copy with a thinking block (and a fake signature) put first, as the real API does. */
    public MessageReply withThinking(String thinking) {
        List<ContentBlock> copy = new ArrayList<>(content.size() + 1);
        copy.add(new ContentBlock.Thinking(thinking, "fake-signature"));
        copy.addAll(content);
        return new MessageReply(copy, usage, stopReason, firstByteDelay, eventDelay, abortAfterEvents, headers);
    }

    static void requireNonNegative(Duration delay, String name) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + delay);
        }
    }
}
