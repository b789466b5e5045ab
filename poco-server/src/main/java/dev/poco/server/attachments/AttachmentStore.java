package dev.poco.server.attachments;

import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.PayloadTooLargeException;
import dev.poco.server.common.ValidationException;
import dev.poco.server.storage.BlobKeys;
import dev.poco.server.storage.BlobStore;
import dev.poco.server.storage.BlobStoreException;
import dev.poco.server.system.PocoProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Attachments: bytes in the {@link BlobStore} under poco's key {@code attachments/<user>/<uuid>/file}, metadata
 * (name, content type, size) in the {@code attachments} table. The poco-style source key is what tasks carry.
 *
 * <p>Uploads of Poco versions before the table kept their metadata in a {@code meta} sidecar beside the bytes under
 * {@code $POCO_HOME/data/attachments/<hex(user)>/<uuid>/}; such an upload is moved into the store and the table the
 * first time it is read, and its old directory removed.
 */
@Service
public class AttachmentStore {

    private static final Logger log = LoggerFactory.getLogger(AttachmentStore.class);
    private static final Pattern SOURCE = Pattern.compile("attachments/(.+)/([0-9a-f-]{36})/file");

    private final BlobStore blobs;
    private final AttachmentRepository rows;
    private final AttachmentProperties properties;
    private final Path legacyRoot;

    AttachmentStore(BlobStore blobs, AttachmentRepository rows, PocoProperties poco, AttachmentProperties properties) {
        this.blobs = blobs;
        this.rows = rows;
        this.properties = properties;
        this.legacyRoot = poco.dataDir().resolve("attachments");
    }

    public static String sourceKey(String ownerId, String id) {
        return "attachments/" + ownerId + "/" + id + "/file";
    }

    /** Stores an upload of {@code size} bytes; over {@code MAX_UPLOAD_SIZE_MB} is 413 with both sizes. */
    public StoredAttachment save(String ownerId, @Nullable String filename, @Nullable String contentType, long size,
            InputStream content) {
        if (size > properties.maxBytes()) {
            throw new PayloadTooLargeException("Upload is larger than MAX_UPLOAD_SIZE_MB ("
                    + properties.maxUploadSizeMb() + " MB)", properties.maxBytes(), size);
        }
        UUID id = UUID.randomUUID();
        String key = BlobKeys.attachment(ownerId, id);
        String name = FileNames.normalize(filename);
        String type = contentType == null ? "application/octet-stream" : contentType;
        blobs.put(key, content, size, type);
        try {
            rows.insert(id, ownerId, key, name, size, type);
        } catch (RuntimeException e) {
            blobs.delete(key);
            throw e;
        }
        return new StoredAttachment(id.toString(), ownerId, name, type, size, key);
    }

    /** The bytes of an attachment; the caller closes them. */
    public InputStream open(StoredAttachment attachment) {
        return blobs.get(attachment.key()).orElseThrow(() -> new NotFoundException("Attachment not found"));
    }

    /**
     * The URL a user reads an attachment at, when the source key is one of the user's own uploads (poco presigned
     * only {@code attachments/<caller>/} keys too); null otherwise. With S3 it is a presigned URL (served as the
     * content endpoint would serve it), else this server's content endpoint; a presign failure gives null, as in poco.
     */
    public @Nullable String urlFor(String callerId, @Nullable String source) {
        if (source == null) {
            return null;
        }
        Matcher m = SOURCE.matcher(source);
        if (!m.matches() || !m.group(1).equals(callerId) || !isUuid(m.group(2))) {
            return null;
        }
        String own = "/api/v1/attachments/" + m.group(2) + "/content";
        try {
            return find(callerId, m.group(2))
                    .flatMap(a -> {
                        ServedAs served = ServedAs.of(a, false);
                        return blobs.presignGet(a.key(), served.type().toString(), served.disposition());
                    })
                    .map(URI::toString).orElse(own);
        } catch (BlobStoreException e) {
            log.warn("No URL for attachment {}: {}", source, e.getMessage());
            return null;
        }
    }

    /**
     * The caller's own attachment that a task's {@code input_files[].source} names: another user's
     * key is refused (403), a missing one is 404, anything that is not an upload key is invalid.
     */
    public StoredAttachment requireOwnSource(String callerId, String source, String field) {
        Matcher m = SOURCE.matcher(source);
        if (!m.matches() || !isUuid(m.group(2))) {
            throw ValidationException.of(field, "must be the source of an upload (POST /api/v1/attachments/upload)");
        }
        if (!m.group(1).equals(callerId)) {
            throw new ForbiddenException(field + " is another user's attachment");
        }
        return find(callerId, m.group(2)).orElseThrow(() -> new NotFoundException("Attachment not found: " + source));
    }

    /** The attachment a source key names, if it exists. */
    public Optional<StoredAttachment> bySource(String source) {
        Matcher m = SOURCE.matcher(source);
        if (!m.matches() || !isUuid(m.group(2))) {
            return Optional.empty();
        }
        return find(m.group(1), m.group(2));
    }

    public StoredAttachment require(String ownerId, String id) {
        return find(ownerId, id).orElseThrow(() -> new NotFoundException("Attachment not found"));
    }

    /** The attachment, if it exists; an id that is not a UUID is an invalid field (422), like any path id. */
    public Optional<StoredAttachment> find(String ownerId, String id) {
        if (!isUuid(id)) {
            throw ValidationException.of("attachment_id", "must be a UUID");
        }
        UUID uuid = UUID.fromString(id);
        Optional<StoredAttachment> row = rows.find(ownerId, uuid);
        return row.isPresent() ? row : importLegacy(ownerId, uuid);
    }

    /** Moves an upload of an older Poco (bytes plus {@code meta} sidecar) into the store and the table. */
    private Optional<StoredAttachment> importLegacy(String ownerId, UUID id) {
        Path dir = legacyRoot.resolve(HexFormat.of().formatHex(ownerId.getBytes(StandardCharsets.UTF_8)))
                .resolve(id.toString());
        Path file = dir.resolve("file");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties meta = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("meta"), StandardCharsets.UTF_8)) {
            meta.load(in);
            String name = meta.getProperty("name", "upload.bin");
            String type = meta.getProperty("content_type");
            long size = Files.size(file);
            String key = BlobKeys.attachment(ownerId, id);
            try (InputStream bytes = Files.newInputStream(file)) {
                blobs.put(key, bytes, size, type);
            }
            rows.insert(id, ownerId, key, name, size, type);
            deleteLegacy(dir);
            log.info("Moved attachment {} of an older Poco into {}", id, blobs.describe());
            return rows.find(ownerId, id);
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot import the older attachment {}: {}", dir, e.getMessage());
            return Optional.empty();
        }
    }

    private static void deleteLegacy(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve("file"));
        Files.deleteIfExists(dir.resolve("meta"));
        Files.deleteIfExists(dir);
    }

    private static boolean isUuid(String id) {
        try {
            UUID.fromString(id);
            return id.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
