package dev.poco.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.jspecify.annotations.Nullable;

/**
 * poco's response envelope: {@code code} 0 on success, otherwise poco's error code; a human
 * {@code message}; the payload in {@code data}.
 */
public record Envelope<T>(int code, String message, @Nullable T data) {

    public static final int OK = 0;

    public static <T> Envelope<T> ok(@Nullable T data) {
        return new Envelope<>(OK, "Success", data);
    }

    public static <T> Envelope<T> ok(String message, @Nullable T data) {
        return new Envelope<>(OK, message, data);
    }

    @JsonIgnore
    public boolean isOk() {
        return code == OK;
    }
}
