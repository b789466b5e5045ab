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
 *   <li>A line longer than {@code maxLineBytes} (complete or not) throws {@link CliProtocolException}: the stream
 *       cannot be resynchronised safely.
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

    private final int maxLineBytes;
    private final JsonMapper mapper;
    private final Consumer<ObjectNode> sink;
    private byte[] buffer = new byte[8192];
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
                byte[] line = Arrays.copyOf(buffer, length);
                length = 0;
                handleLine(line, false);
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
        byte[] line = Arrays.copyOf(buffer, length);
        length = 0;
        handleLine(line, true);
    }

    private void append(byte[] chunk, int offset, int count) {
        if (count == 0) {
            return;
        }
        if (length + count > maxLineBytes) {
            String head = new String(buffer, 0, Math.min(length, MAX_LINE_IN_ERROR), StandardCharsets.UTF_8);
            length = 0;
            throw new CliProtocolException(
                    "stream-json line exceeds the maximum of " + maxLineBytes + " bytes", head);
        }
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(maxLineBytes, Math.max(buffer.length * 2, length + count)));
        }
        System.arraycopy(chunk, offset, buffer, length, count);
        length += count;
    }

    private void handleLine(byte[] bytes, boolean atEof) {
        String line = new String(bytes, StandardCharsets.UTF_8).strip();
        if (line.isEmpty()) {
            return;
        }
        if (!line.startsWith("{")) {
            log.debug("Skipping non-JSON line from Claude Code stdout: {}", abbreviate(line));
            return;
        }
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (JacksonException e) {
            if (atEof) {
                log.debug("Dropping truncated last line at EOF ({} bytes): {}", bytes.length, abbreviate(line));
                return;
            }
            throw new CliProtocolException("Claude Code wrote a line that is not valid JSON", abbreviate(line), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new CliProtocolException("Claude Code wrote a JSON line that is not an object", abbreviate(line));
        }
        sink.accept(object);
    }

    private static String abbreviate(String line) {
        return line.length() <= MAX_LINE_IN_ERROR ? line : line.substring(0, MAX_LINE_IN_ERROR) + "…";
    }
}
