package dev.poco.server.attachments;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
class AttachmentController {

    /** Image types a browser only decodes; SVG is a document that can run script, so not here. */
    private static final Set<String> PASSIVE_IMAGES =
            Set.of("png", "jpeg", "gif", "webp", "avif", "bmp", "x-icon", "vnd.microsoft.icon");

    private final AttachmentStore store;

    AttachmentController(AttachmentStore store) {
        this.store = store;
    }

    /** poco's upload: multipart field {@code file}; answers the InputFile to put in {@code config.input_files}. */
    @PostMapping(value = "/api/v1/attachments/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Envelope<Map<String, @Nullable Object>> upload(Caller caller, @RequestPart(name = "file", required = false)
            @Nullable MultipartFile file) {
        if (file == null) {
            throw ValidationException.of("file", "is required (multipart/form-data field \"file\")");
        }
        try (InputStream in = file.getInputStream()) {
            StoredAttachment stored = store.save(caller.userId(), file.getOriginalFilename(), file.getContentType(), in);
            Map<String, @Nullable Object> inputFile = new LinkedHashMap<>();
            inputFile.put("id", stored.id());
            inputFile.put("type", "file");
            inputFile.put("name", stored.name());
            inputFile.put("source", stored.sourceKey());
            inputFile.put("size", stored.size());
            inputFile.put("content_type", stored.contentType());
            inputFile.put("path", null);
            return Envelope.ok("File uploaded successfully", inputFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the upload", e);
        }
    }

    /** The caller's own attachment bytes (the {@code url} of attachments in message lists). */
    @GetMapping("/api/v1/attachments/{attachmentId}/content")
    ResponseEntity<FileSystemResource> content(Caller caller, @PathVariable String attachmentId,
            @RequestParam(defaultValue = "false") boolean download) {
        return serve(store.require(caller.userId(), attachmentId), download);
    }

    /** Runner: fetch any attachment by its source key, to stage it into a workspace. */
    @GetMapping("/api/v1/internal/attachments/content")
    ResponseEntity<FileSystemResource> internal(@RequestParam String source) {
        return serve(store.bySource(source).orElseThrow(() -> new NotFoundException("Attachment not found")), true);
    }

    /**
     * Uploads are the user's bytes under our origin. Only types a browser shows without running
     * anything (images, plain text, PDF, audio, video) may be shown inline; everything else (HTML,
     * SVG, XML, scripts, unknown types) is a download under {@code Content-Security-Policy: sandbox},
     * so even a browser that renders it runs no script with our origin. Always {@code nosniff}.
     */
    private static ResponseEntity<FileSystemResource> serve(StoredAttachment a, boolean download) {
        MediaType type;
        try {
            type = a.contentType() == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(a.contentType());
        } catch (RuntimeException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        boolean passive = isPassive(type);
        if (type.getType().equals("text") && type.getSubtype().equals("html")) {
            type = MediaType.TEXT_PLAIN; // never render user HTML on our origin
        }
        var response = ResponseEntity.ok()
                .contentType(type)
                .contentLength(a.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.builder(
                        download || !passive ? "attachment" : "inline")
                        .filename(a.name(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff");
        if (!passive) {
            response.header("Content-Security-Policy", "sandbox");
        }
        return response.body(new FileSystemResource(a.file()));
    }

    static boolean isPassive(MediaType type) {
        String main = type.getType().toLowerCase(Locale.ROOT);
        String sub = type.getSubtype().toLowerCase(Locale.ROOT);
        return switch (main) {
            case "image" -> PASSIVE_IMAGES.contains(sub);
            case "audio", "video" -> true;
            case "text" -> sub.equals("plain") || sub.equals("csv") || sub.equals("markdown");
            case "application" -> sub.equals("pdf") || sub.equals("json");
            default -> false;
        };
    }
}
