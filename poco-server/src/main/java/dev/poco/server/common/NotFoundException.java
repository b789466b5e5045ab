package dev.poco.server.common;

/** A resource does not exist or is soft-deleted (poco's NOT_FOUND or a resource-specific code). */
public class NotFoundException extends PocoException {

    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message, null);
    }

    public NotFoundException(ErrorCode code, String message) {
        super(code, ErrorCode.Kind.NOT_FOUND, message, null);
    }
}
