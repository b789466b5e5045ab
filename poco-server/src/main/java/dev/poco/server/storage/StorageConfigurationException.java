package dev.poco.server.storage;

/** The storage settings cannot work (S3 chosen without its endpoint, keys or bucket); stops the server at start. */
public class StorageConfigurationException extends RuntimeException {

    public StorageConfigurationException(String message) {
        super(message);
    }
}
