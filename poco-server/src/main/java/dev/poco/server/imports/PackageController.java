package dev.poco.server.imports;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

/**
 * poco's catalog and import routes ({@code skills.py} + {@code skill_imports.py}, the same for plugins), once for both
 * kinds: a subclass is the {@code @RestController} with the class-level prefix ({@code /api/v1/skills}), names its
 * kind and turns a row into its view.
 */
public abstract class PackageController<V> {

    private final PackageKind kind;
    private final CatalogService catalog;
    private final ImportService imports;

    protected PackageController(PackageKind kind, CatalogService catalog, ImportService imports) {
        this.kind = kind;
        this.catalog = catalog;
        this.imports = imports;
    }

    protected abstract V view(CatalogItem item);

    @GetMapping
    public Envelope<List<V>> list(Caller caller) {
        return Envelope.ok(catalog.list(kind, caller).stream().map(this::view).toList());
    }

    @GetMapping("/{id}")
    public Envelope<V> get(Caller caller, @PathVariable int id) {
        return Envelope.ok(view(catalog.require(kind, caller, id)));
    }

    @PostMapping
    public Envelope<V> create(Caller caller, @RequestBody JsonNode body) {
        return Envelope.ok(kind.label() + " created successfully", view(catalog.create(kind, caller, body)));
    }

    @PatchMapping("/{id}")
    public Envelope<V> update(Caller caller, @PathVariable int id, @RequestBody JsonNode body) {
        return Envelope.ok(kind.label() + " updated successfully", view(catalog.update(kind, caller, id, body)));
    }

    @DeleteMapping("/{id}")
    public Envelope<Map<String, Integer>> delete(Caller caller, @PathVariable int id) {
        catalog.delete(kind, caller, id);
        return Envelope.ok(kind.label() + " deleted successfully", Map.of("id", id));
    }

    /** Multipart {@code file} (a zip) xor the form field {@code github_url}. */
    @PostMapping(value = "/import/discover",
            consumes = {MediaType.MULTIPART_FORM_DATA_VALUE, MediaType.APPLICATION_FORM_URLENCODED_VALUE})
    public Envelope<ImportService.Discovery> discover(Caller caller,
            @RequestPart(name = "file", required = false) @Nullable MultipartFile file,
            @RequestParam(name = "github_url", required = false) @Nullable String githubUrl) {
        return Envelope.ok(imports.discover(kind, caller, file, githubUrl));
    }

    @PostMapping("/import/commit")
    public Envelope<Map<String, Object>> commit(Caller caller, @RequestBody JsonNode body) {
        ImportJob job = imports.commit(kind, caller, body);
        return Envelope.ok("Import started", Map.of("job_id", job.id(), "status", job.status()));
    }

    @GetMapping("/import/jobs/{jobId}")
    public Envelope<ImportJobView> job(Caller caller, @PathVariable UUID jobId) {
        return Envelope.ok(ImportJobView.of(imports.job(kind, caller, jobId)));
    }
}
