package dev.poco.server.storage;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What a store knows about one key; the local store keeps no content type. */
public record BlobInfo(String key, long size, @Nullable String contentType, @Nullable Instant lastModified) {}
