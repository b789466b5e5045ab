package dev.poco.server.common;

import org.jspecify.annotations.Nullable;

/** The request is understood but not acceptable (poco's BAD_REQUEST, 40000, unless given). */
public class BadRequestException extends PocoException {

    public BadRequestException(String message) {
        super(ErrorCode.BAD_REQUEST, message, null);
    }

    public BadRequestException(String message, @Nullable Object data) {
        super(ErrorCode.BAD_REQUEST, message, data);
    }

    public BadRequestException(ErrorCode code, String message, @Nullable Object data) {
        super(code, ErrorCode.Kind.INVALID, message, data);
    }
}
