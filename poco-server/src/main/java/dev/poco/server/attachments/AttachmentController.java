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
import org.springframework.core.io.InputStreamResource;
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
            StoredAttachment stored = store.save(caller.userId(), file.getOriginalFilename(), file.getContentType(),
                    file.getSize(), in);
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
    ResponseEntity<InputStreamResource> content(Caller caller, @PathVariable String attachmentId,
            @RequestParam(defaultValue = "false") boolean download) {
        return serve(store.require(caller.userId(), attachmentId), download);
    }

    /** Runner: fetch any attachment by its source key, to stage it into a workspace. */
    @GetMapping("/api/v1/internal/attachments/content")
    ResponseEntity<InputStreamResource> internal(@RequestParam String source) {
        return serve(store.bySource(source).orElseThrow(() -> new NotFoundException("Attachment not found")), true);
    }

    /**
     * Uploads are the user's bytes under our origin: served as {@link ServedAs} says, always {@code nosniff}, and
     * everything that is not passive under {@code Content-Security-Policy: sandbox}, so even a browser that renders
     * it runs no script with our origin. The bytes stream from the BlobStore.
     */
    private ResponseEntity<InputStreamResource> serve(StoredAttachment a, boolean download) {
        ServedAs served = ServedAs.of(a, download);
        var response = ResponseEntity.ok()
                .contentType(served.type())
                .contentLength(a.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, served.disposition())
                .header("X-Content-Type-Options", "nosniff");
        if (!served.passive()) {
            response.header("Content-Security-Policy", "sandbox");
        }
        return response.body(new InputStreamResource(store.open(a)));
    }
}
