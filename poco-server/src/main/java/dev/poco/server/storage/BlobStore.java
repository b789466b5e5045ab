package dev.poco.server.storage;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Bytes under keys ({@code a/b/c}, see {@link BlobKeys#validate}). Every method blocks on I/O and is safe to call
 * from several threads. A key that {@link BlobKeys#validate} refuses throws {@link IllegalArgumentException}; a
 * backend failure throws {@link BlobStoreException}.
 */
public interface BlobStore {

    /**
     * Stores exactly {@code size} bytes of {@code content} under {@code key}, replacing what was there. Readers see
     * the old bytes or the new ones, never a part. Does not close {@code content}.
     */
    void put(String key, InputStream content, long size, @Nullable String contentType);

    /** The bytes under {@code key}, empty when there are none; the caller closes the stream. */
    Optional<InputStream> get(String key);

    /** Size, type and time of {@code key}, empty when there is nothing under it. */
    Optional<BlobInfo> stat(String key);

    /** Removes {@code key}; nothing happens when it is absent. */
    void delete(String key);

    /** Every key that starts with {@code prefix} (a key prefix, e.g. {@code workspaces/u/s/files/}), sorted. */
    List<BlobInfo> list(String prefix);

    /**
     * A URL anyone holding it may GET {@code key} at for a while (S3's presigned URL, lifetime
     * {@code POCO_S3_PRESIGN_EXPIRES}), with the response's content type and disposition overridden when given.
     * Empty when the backend cannot presign (the local directory): the server then serves the bytes itself.
     */
    Optional<URI> presignGet(String key, @Nullable String contentType, @Nullable String contentDisposition);

    /** What this store is, for logs and errors ({@code local /path}, {@code s3 bucket@endpoint}). */
    String describe();
}
