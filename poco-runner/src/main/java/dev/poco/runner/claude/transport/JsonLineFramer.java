package dev.poco.runner.claude.transport;

import dev.poco.runner.claude.error.CliProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rebuilds stdout lines from arbitrary byte chunks and parses each into a JSON object.
 *
 * <ul>
 *   <li>Lines are split on {@code \n} at byte level, so a chunk boundary inside a multi-byte UTF-8 character is
 *       harmless. A trailing {@code \r} is ignored.
 *   <li>A line longer than {@code maxLineBytes} (complete or not) throws {@link CliProtocolException} naming the
 *       limit: the stream cannot be resynchronised safely. The buffer grows with the line (nothing is preallocated)
 *       and shrinks back once a large line has been delivered, so one 60 MiB message does not pin 60 MiB.
 *   <li>A line is parsed straight from the buffer, without a String copy: a model message of tens of MiB costs its
 *       bytes plus its JSON tree, not twice more.
 *   <li>Blank lines and lines not starting with {@code {} (stray debug output of the CLI or a wrapper) are skipped
 *       with a debug log, as the Python SDK does (its issue #347).
 *   <li>A line starting with {@code {} that is not JSON throws {@link CliProtocolException}: a whole line can never
 *       be completed later.
 *   <li>At EOF ({@link #finish}) an unterminated last line is still delivered when it parses, and dropped with a
 *       debug log when it does not (the process died mid-write).
 * </ul>
 *
 * <p>Not thread-safe: one reader thread feeds it.
 */
final class JsonLineFramer {

    private static final Logger log = LoggerFactory.getLogger(JsonLineFramer.class);
    private static final int MAX_LINE_IN_ERROR = 4096;
    private static final int INITIAL_BUFFER = 8192;
    /** Above this the buffer is dropped after each line; below, it is kept for the next one. */
    private static final int RETAINED_BUFFER = 1 << 20;

    private final int maxLineBytes;
    private final JsonMapper mapper;
    private final Consumer<ObjectNode> sink;
    private byte[] buffer = new byte[INITIAL_BUFFER];
    private int length;

    JsonLineFramer(int maxLineBytes, JsonMapper mapper, Consumer<ObjectNode> sink) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.mapper = mapper;
        this.sink = sink;
    }

    /** Feeds one chunk; delivers every line it completes. */
    void feed(byte[] chunk, int offset, int count) {
        int start = offset;
        int end = offset + count;
        for (int i = offset; i < end; i++) {
            if (chunk[i] == '\n') {
                append(chunk, start, i - start);
                completeLine(false);
                start = i + 1;
            }
        }
        append(chunk, start, end - start);
    }

    /** Signals EOF: delivers a complete unterminated last line, drops a truncated one. */
    void finish() {
        if (length == 0) {
            return;
        }
        completeLine(true);
    }

    /** Handles the buffered line, then empties the buffer (and releases it when a large line made it big). */
    private void completeLine(boolean atEof) {
        try {
            handleLine(atEof);
        } finally {
            length = 0;
            if (buffer.length > RETAINED_BUFFER) {
                buffer = new byte[INITIAL_BUFFER];
            }
        }
    }

    /** The message of an oversize line: the limit (in MiB too when it is whole MiB) and where to raise it. */
    static String tooLong(int maxLineBytes) {
        String mib = maxLineBytes % (1 << 20) == 0 ? " (" + (maxLineBytes >> 20) + " MiB)" : "";
        return "Claude Code wrote a stream-json message larger than the limit of " + maxLineBytes + " bytes" + mib
                + "; raise POCO_RUNNER_MAX_CLI_LINE_MB to allow larger messages";
    }

    private void append(byte[] chunk, int offset, int count) {
        if (count == 0) {
            return;
        }
        if (length + count > maxLineBytes) {
            String head = new String(buffer, 0, Math.min(length, MAX_LINE_IN_ERROR), StandardCharsets.UTF_8);
            length = 0;
            buffer = new byte[INITIAL_BUFFER];
            throw new CliProtocolException(tooLong(maxLineBytes), head);
        }
        if (length + count > buffer.length) {
            long doubled = Math.max(2L * buffer.length, (long) length + count);
            buffer = Arrays.copyOf(buffer, (int) Math.min(maxLineBytes, doubled));
        }
        System.arraycopy(chunk, offset, buffer, length, count);
        length += count;
    }

    private void handleLine(boolean atEof) {
        int from = 0;
        int to = length;
        while (from < to && isSpace(buffer[from])) {
            from++;
        }
        while (to > from && isSpace(buffer[to - 1])) {
            to--;
        }
        if (from == to) {
            return;
        }
        if (buffer[from] != '{') {
            log.debug("Skipping non-JSON line from Claude Code stdout: {}", head(from, to));
            return;
        }
        JsonNode node;
        try {
            node = mapper.readTree(buffer, from, to - from);
        } catch (JacksonException e) {
            if (atEof) {
                log.debug("Dropping truncated last line at EOF ({} bytes): {}", to - from, head(from, to));
                return;
            }
            throw new CliProtocolException("Claude Code wrote a line that is not valid JSON", head(from, to), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new CliProtocolException("Claude Code wrote a JSON line that is not an object", head(from, to));
        }
        sink.accept(object);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\f' || b == 0x0B;
    }

    /** The start of a line for logs and errors: whole when short, else its first characters and an ellipsis. */
    private String head(int from, int to) {
        String text = new String(buffer, from, Math.min(to - from, 4 * MAX_LINE_IN_ERROR), StandardCharsets.UTF_8);
        return abbreviate(to - from > 4 * MAX_LINE_IN_ERROR ? text + "…" : text);
    }

    private static String abbreviate(String line) {
        return line.length() <= MAX_LINE_IN_ERROR ? line : line.substring(0, MAX_LINE_IN_ERROR) + "…";
    }
}
