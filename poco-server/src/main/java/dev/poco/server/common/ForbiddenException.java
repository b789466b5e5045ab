package dev.poco.server.common;

/** The caller may not touch this resource (poco's FORBIDDEN, 40300, unless given). */
public class ForbiddenException extends PocoException {

    public ForbiddenException(String message) {
        super(ErrorCode.FORBIDDEN, message, null);
    }

    public ForbiddenException(ErrorCode code, String message) {
        super(code, ErrorCode.Kind.FORBIDDEN, message, null);
    }
}
