package dev.poco.server.common;

import java.util.Map;

/** An upload or body over the configured limit; data carries {@code max_bytes} and {@code actual_bytes}. */
public class PayloadTooLargeException extends PocoException {

    public PayloadTooLargeException(String message, long maxBytes, long actualBytes) {
        super(ErrorCode.BAD_REQUEST, ErrorCode.Kind.TOO_LARGE, message,
                Map.of("max_bytes", maxBytes, "actual_bytes", actualBytes));
    }
}
