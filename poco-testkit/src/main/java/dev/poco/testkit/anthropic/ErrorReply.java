package dev.poco.testkit.anthropic;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A scripted HTTP error, answered with {@code Content-Type: application/json} and Anthropic's body
 * {@code {"type":"error","error":{"type":…,"message":…}}} whether or not the request streams (the
 * real API fails before the stream starts in the same way).
 *
 * @param status the HTTP status, e.g. 529
 * @param errorType Anthropic's error type, e.g. {@code overloaded_error}
 * @param message the error message
 * @param firstByteDelay wait before the status line
 * @param headers extra response headers, e.g. {@code retry-after}
 */
public record ErrorReply(int status, String errorType, String message, Duration firstByteDelay,
        Map<String, String> headers) implements Reply {

    public ErrorReply {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx, not " + status);
        }
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(message, "message");
        MessageReply.requireNonNegative(firstByteDelay, "firstByteDelay");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    @Override
    public ErrorReply delayFirstByte(Duration delay) {
        return new ErrorReply(status, errorType, message, delay, headers);
    }

    @Override
    public ErrorReply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ErrorReply(status, errorType, message, firstByteDelay, copy);
    }
}
