package dev.poco.protocol.folders;

/**
 * A local folder cannot be used as asked; the message is for the user and names the folder and what to do. The kind
 * says how the API answers it.
 */
public class LocalFolderException extends RuntimeException {

    /** What went wrong, as the API tells it. */
    public enum Kind {
        /** The request names something that may not be used (400): outside the roots, a link, an unknown mode. */
        INVALID,
        /** The folder's state forbids it now (409): uncommitted changes, a conflict, another branch checked out. */
        CONFLICT,
        /** There is nothing to act on (404): no worktree for this session and folder. */
        MISSING
    }

    private final Kind kind;

    public LocalFolderException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public LocalFolderException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
