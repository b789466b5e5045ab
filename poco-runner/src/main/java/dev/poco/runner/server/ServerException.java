package dev.poco.runner.server;

/**
 * A call to the server failed. {@link #retryable()} tells a network failure or a 5xx (try again
 * with the same request) from a refusal (a 4xx: the request itself is wrong or not allowed).
 */
public class ServerException extends RuntimeException {

    private final int httpStatus;
    private final int code;

    public ServerException(String message, int httpStatus, int code, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public ServerException(String message, int httpStatus, int code) {
        super(message);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    /** HTTP status, or 0 when the server could not be reached. */
    public int httpStatus() {
        return httpStatus;
    }

    /** poco's envelope code, or 0 when there was no envelope. */
    public int code() {
        return code;
    }

    /** The server refused the runner's credential (HTTP 401). */
    public boolean unauthorized() {
        return httpStatus == 401;
    }

    public boolean retryable() {
        return httpStatus == 0 || httpStatus >= 500 || httpStatus == 429 || httpStatus == 408;
    }
}
