package dev.poco.server.attachments;

import org.jspecify.annotations.Nullable;

/**
 * One upload: its row in {@code attachments} and where its bytes are ({@code key} in the BlobStore).
 */
public record StoredAttachment(String id, String ownerId, String name, @Nullable String contentType, long size,
        String key) {

    /** poco's source key, what tasks carry in {@code input_files[].source}. */
    public String sourceKey() {
        return AttachmentStore.sourceKey(ownerId, id);
    }
}
