package dev.poco.server.screenshots;

import java.util.UUID;

/**
 * The answer to a runner's upload, poco's executor-manager shape.
 *
 * @param toolUseId the id as the runner sent it; {@code key} holds its sanitised form
 * @param key where the bytes are in the BlobStore
 * @param sizeBytes how many bytes were stored
 */
public record BrowserScreenshotReceipt(UUID sessionId, String toolUseId, String key, String contentType,
        long sizeBytes) {}
