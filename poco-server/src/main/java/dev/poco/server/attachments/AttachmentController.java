package dev.poco.server.attachments;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private static ResponseEntity<FileSystemResource> serve(StoredAttachment a, boolean download) {
        MediaType type;
        try {
            type = a.contentType() == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(a.contentType());
        } catch (RuntimeException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        if (type.getType().equals("text") && type.getSubtype().equals("html")) {
            type = MediaType.TEXT_PLAIN; // never render user HTML on our origin
        }
        return ResponseEntity.ok()
                .contentType(type)
                .contentLength(a.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.builder(download ? "attachment" : "inline")
                        .filename(a.name(), java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(new FileSystemResource(a.file()));
    }
}
