package dev.poco.server.storage;

/** The backend failed (disk full, S3 unreachable or refusing); the message names the store and the key. */
public class BlobStoreException extends RuntimeException {

    public BlobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
