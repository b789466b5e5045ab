package dev.poco.server.common;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Root of the server's domain errors. Each carries poco's {@link ErrorCode}, a message meant for
 * the user, and optional structured {@code data} for the envelope. None of them knows HTTP.
 */
public class PocoException extends RuntimeException {

    private final ErrorCode errorCode;
    private final @Nullable Object data;
    private final ErrorCode.Kind kind;

    public PocoException(ErrorCode errorCode, @Nullable String message, @Nullable Object data) {
        this(errorCode, errorCode.kind(), message, data);
    }

    protected PocoException(ErrorCode errorCode, ErrorCode.Kind kind, @Nullable String message,
            @Nullable Object data) {
        super(message == null || message.isBlank() ? errorCode.defaultMessage() : message);
        this.errorCode = errorCode;
        this.kind = kind;
        this.data = data;
    }

    /** Never null: the constructor falls back to the code's default message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public ErrorCode.Kind kind() {
        return kind;
    }

    public @Nullable Object data() {
        return data;
    }
}
