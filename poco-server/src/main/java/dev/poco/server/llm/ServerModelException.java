package dev.poco.server.llm;

/** A server-side model call that could not be made or did not answer; callers log it and carry on. */
public class ServerModelException extends RuntimeException {

    public ServerModelException(String message) {
        super(message);
    }

    public ServerModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
