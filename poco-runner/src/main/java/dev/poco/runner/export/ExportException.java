package dev.poco.runner.export;

/** An export could not be done (the workspace is over the server's cap, it was interrupted). */
public class ExportException extends RuntimeException {

    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
