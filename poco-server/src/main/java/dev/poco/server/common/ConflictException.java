package dev.poco.server.common;

import org.jspecify.annotations.Nullable;

/**
 * The request clashes with the current state: a duplicate name, or a state that does not allow
 * the operation. Keeps poco's code (an ALREADY_EXISTS code, or BAD_REQUEST where poco used it).
 */
public class ConflictException extends PocoException {

    public ConflictException(ErrorCode code, String message) {
        super(code, ErrorCode.Kind.CONFLICT, message, null);
    }

    public ConflictException(ErrorCode code, String message, @Nullable Object data) {
        super(code, ErrorCode.Kind.CONFLICT, message, data);
    }
}
