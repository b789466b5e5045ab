package dev.poco.testkit.anthropic;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the fake answers to one {@code POST /v1/messages}: an assistant message
 * ({@link MessageReply}) or an HTTP error with Anthropic's error body ({@link ErrorReply}).
 *
 * <p>Replies are immutable values; the {@code with…}/{@code delay…} methods return copies, so one
 * reply can be queued many times or used as the default.
 *
 * <pre>{@code
 * server.enqueue(Reply.bash("echo hello > out.txt", "write file"), Reply.text("done"));
 * server.enqueue(Reply.text("slow").delayFirstByte(Duration.ofSeconds(5)));
 * server.enqueue(Reply.overloaded());
 * }</pre>
 */
public sealed interface Reply permits MessageReply, ErrorReply {

    /** A copy that waits {@code delay} before sending the status line (the first byte). */
    Reply delayFirstByte(Duration delay);

    /** A copy that also sends the response header {@code name: value}. */
    Reply withHeader(String name, String value);

    /** The wait before the first byte; zero by default. */
    Duration firstByteDelay();

    /** Extra response headers, in insertion order. */
    Map<String, String> headers();

    /** An assistant message with one text block; stop reason {@code end_turn}. */
    static MessageReply text(String text) {
        return message(new ContentBlock.Text(text));
    }

    /**
     * An assistant message with one {@code tool_use} block whose id is generated
     * ({@code toolu_…}); stop reason {@code tool_use}.
     */
    static MessageReply toolUse(String name, Map<String, ?> input) {
        return message(new ContentBlock.ToolUse(null, name, Json.toObject(input)));
    }

    /** As {@link #toolUse(String, Map)}, with the input given as a JSON object text. */
    static MessageReply toolUse(String name, String inputJson) {
        return message(new ContentBlock.ToolUse(null, name, Json.parseObject(inputJson)));
    }

    /** As {@link #toolUse(String, Map)}, with a fixed tool_use id. */
    static MessageReply toolUse(String id, String name, Map<String, ?> input) {
        return message(new ContentBlock.ToolUse(id, name, Json.toObject(input)));
    }

    /** A {@code Bash} tool call with the given {@code command} and {@code description}. */
    static MessageReply bash(String command, String description) {
        return message(new ContentBlock.ToolUse(null, "Bash",
                Json.object().put("command", command).put("description", description)));
    }

    /** An assistant message with the given blocks, in order. */
    static MessageReply message(ContentBlock... content) {
        return new MessageReply(List.of(content), Usage.DEFAULT, null, Duration.ZERO, Duration.ZERO,
                MessageReply.NO_ABORT, Map.of());
    }

    /**
     * An HTTP error with Anthropic's body
     * {@code {"type":"error","error":{"type":errorType,"message":message}}}.
     */
    static ErrorReply error(int status, String errorType, String message) {
        return new ErrorReply(status, errorType, message, Duration.ZERO, Map.of());
    }

    /** HTTP 529 {@code overloaded_error}, which the CLI retries. */
    static ErrorReply overloaded() {
        return error(529, "overloaded_error", "Overloaded");
    }

    /** HTTP 500 {@code api_error}. */
    static ErrorReply apiError() {
        return error(500, "api_error", "Internal server error");
    }

    /** HTTP 429 {@code rate_limit_error}. */
    static ErrorReply rateLimited() {
        return error(429, "rate_limit_error", "Rate limited");
    }
}
