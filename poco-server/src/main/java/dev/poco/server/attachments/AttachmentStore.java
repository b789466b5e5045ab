package dev.poco.server.attachments;

import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.PayloadTooLargeException;
import dev.poco.server.common.ValidationException;
import dev.poco.server.system.PocoProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Local attachment storage: {@code <data>/attachments/<hex(user)>/<uuid>/file} plus {@code meta}
 * (name, content type, size). The user directory is hex-encoded so that no user id can form a
 * path; the poco-style source key {@code attachments/<user>/<uuid>/file} is what tasks carry.
 */
@Service
public class AttachmentStore {

    private static final Pattern SOURCE = Pattern.compile("attachments/(.+)/([0-9a-f-]{36})/file");

    private final Path root;
    private final AttachmentProperties properties;

    AttachmentStore(PocoProperties poco, AttachmentProperties properties) {
        this.root = poco.dataDir().resolve("attachments");
        this.properties = properties;
    }

    public static String sourceKey(String ownerId, String id) {
        return "attachments/" + ownerId + "/" + id + "/file";
    }

    public StoredAttachment save(String ownerId, @Nullable String filename, @Nullable String contentType,
            InputStream content) {
        String id = UUID.randomUUID().toString();
        Path dir = dir(ownerId, id);
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("file");
            long size = Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
            if (size > properties.maxBytes()) {
                deleteQuietly(dir);
                throw new PayloadTooLargeException("Upload is larger than MAX_UPLOAD_SIZE_MB ("
                        + properties.maxUploadSizeMb() + " MB)", properties.maxBytes(), size);
            }
            String name = FileNames.normalize(filename);
            Properties meta = new Properties();
            meta.setProperty("name", name);
            meta.setProperty("content_type", contentType == null ? "application/octet-stream" : contentType);
            meta.setProperty("size", Long.toString(size));
            try (var out = Files.newBufferedWriter(dir.resolve("meta"), StandardCharsets.UTF_8)) {
                meta.store(out, null);
            }
            return new StoredAttachment(id, ownerId, name, meta.getProperty("content_type"), size, file);
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new UncheckedIOException("Could not store the upload", e);
        }
    }

    /**
     * The URL a user reads an attachment at, when the source key is one of the user's own uploads
     * (poco presigned only {@code attachments/<caller>/} keys too); null otherwise.
     */
    public static @Nullable String urlFor(String callerId, @Nullable String source) {
        if (source == null) {
            return null;
        }
        Matcher m = SOURCE.matcher(source);
        if (!m.matches() || !m.group(1).equals(callerId)) {
            return null;
        }
        return "/api/v1/attachments/" + m.group(2) + "/content";
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
        Path dir = dir(ownerId, id);
        Path file = dir.resolve("file");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties meta = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("meta"), StandardCharsets.UTF_8)) {
            meta.load(in);
            return Optional.of(new StoredAttachment(id, ownerId, meta.getProperty("name", "upload.bin"),
                    meta.getProperty("content_type"), Long.parseLong(meta.getProperty("size", "0")), file));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isUuid(String id) {
        try {
            UUID.fromString(id);
            return id.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Path dir(String ownerId, String id) {
        return root.resolve(HexFormat.of().formatHex(ownerId.getBytes(StandardCharsets.UTF_8))).resolve(id);
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort cleanup of a failed upload
        }
    }
}
