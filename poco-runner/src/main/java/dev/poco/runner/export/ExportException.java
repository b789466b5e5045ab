package dev.poco.runner.export;

/** An export could not be done (the server refused or is unreachable, the workspace is over the cap, a read failed). */
public class ExportException extends RuntimeException {

    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
