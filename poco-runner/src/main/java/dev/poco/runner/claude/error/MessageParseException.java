package dev.poco.runner.claude.error;

/**
 * A stream-json message of a known type lacks a field the parser requires (for example a {@code result} without
 * {@code session_id}). Keeps the raw line so the message can be inspected or logged.
 */
public class MessageParseException extends CliException {

    private final String rawLine;

    public MessageParseException(String message, String rawLine) {
        super(message + ": " + (rawLine.length() > 1000 ? rawLine.substring(0, 1000) + "…" : rawLine));
        this.rawLine = rawLine;
    }

    /** The whole message as one JSON line. */
    public String rawLine() {
        return rawLine;
    }
}
