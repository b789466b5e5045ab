package dev.poco.server.attachments;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** An attachment on disk with the metadata the upload gave it. */
public record StoredAttachment(String id, String ownerId, String name, @Nullable String contentType, long size,
        Path file) {

    public String sourceKey() {
        return AttachmentStore.sourceKey(ownerId, id);
    }
}
