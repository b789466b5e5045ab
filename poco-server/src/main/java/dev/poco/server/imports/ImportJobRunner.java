package dev.poco.server.imports;

import dev.poco.server.common.Json;
import dev.poco.server.common.PocoException;
import dev.poco.server.common.Texts;
import dev.poco.server.storage.BlobStore;
import jakarta.annotation.PreDestroy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs import jobs on virtual threads: each chosen folder becomes an item independently (its files copied to
 * {@code <kind>/<user>/<name>/<uuid>/}, the row upserted by owner and name, the install enabled, one transaction per
 * item), progress after each. At start ({@link #recover()}), jobs a stopped server left {@code running} are failed
 * with a message saying so, and {@code queued} ones are run: no job stays {@code running} forever.
 */
@Component
class ImportJobRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportJobRunner.class);
    static final String INTERRUPTED = "The server stopped while this import was running; start the import again";

    private final ImportJobRepository jobs;
    private final CatalogService catalog;
    private final InstallService installs;
    private final BlobStore blobs;
    private final ImportProperties limits;
    private final ImportFiles files;
    private final Json json;
    private final TransactionTemplate tx;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ImportJobRunner(ImportJobRepository jobs, CatalogService catalog, InstallService installs, BlobStore blobs,
            ImportProperties limits, ImportFiles files, Json json, TransactionTemplate tx) {
        this.jobs = jobs;
        this.catalog = catalog;
        this.installs = installs;
        this.blobs = blobs;
        this.limits = limits;
        this.files = files;
        this.json = json;
        this.tx = tx;
    }

    void submit(PackageKind kind, UUID jobId) {
        executor.execute(() -> run(kind, jobId));
    }

    /** Fails jobs left running by a stopped server and starts queued ones; answers how many were failed. */
    @EventListener(ApplicationReadyEvent.class)
    int recover() {
        int failed = 0;
        for (PackageKind kind : PackageKind.values()) {
            int n = jobs.failRunning(kind, INTERRUPTED);
            if (n > 0) {
                log.warn("{} {} import job(s) were running when the server stopped; marked failed", n, kind.wire());
            }
            failed += n;
            jobs.queued(kind).forEach(id -> submit(kind, id));
        }
        return failed;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    private void run(PackageKind kind, UUID jobId) {
        if (!jobs.start(kind, jobId)) {
            return;
        }
        try {
            ImportJob job = jobs.find(kind, jobId).orElseThrow();
            ArrayNode items = process(kind, job);
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.set("items", items);
            jobs.succeed(kind, jobId, result);
        } catch (PocoException e) {
            jobs.fail(kind, jobId, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Import job {} failed", jobId, e);
            jobs.fail(kind, jobId, "Import failed: " + e.getMessage());
        }
    }

    private ArrayNode process(PackageKind kind, ImportJob job) {
        Path temp = files.newTempFile();
        try {
            try (InputStream in = blobs.get(job.archiveKey()).orElseThrow(() -> new PocoException(
                    dev.poco.server.common.ErrorCode.NOT_FOUND, "The archive is gone; discover it again", null))) {
                Files.copy(in, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not fetch the archive", e);
            }
            JsonNode source = source(job.archiveKey());
            try (SafeArchive archive = SafeArchive.open(temp, limits)) {
                List<Candidate> candidates = Candidates.find(kind, archive, json.mapper());
                Set<String> seen = new LinkedHashSet<>();
                List<JsonNode> selections = new ArrayList<>();
                job.selections().forEach(s -> {
                    if (seen.add(s.path("relative_path").asString())) {
                        selections.add(s);
                    }
                });
                ArrayNode items = JsonNodeFactory.instance.arrayNode();
                int done = 0;
                for (JsonNode selection : selections) {
                    items.add(item(kind, job.userId(), archive, candidates, selection, source, job.archiveKey()));
                    done++;
                    jobs.progress(kind, job.id(), Math.min(99, done * 100 / selections.size()));
                }
                return items;
            }
        } finally {
            files.delete(temp);
        }
    }

    private ObjectNode item(PackageKind kind, String owner, SafeArchive archive, List<Candidate> candidates,
            JsonNode selection, JsonNode source, String archiveKey) {
        String path = selection.path("relative_path").asString();
        @Nullable String override = selection.path("name_override").isString()
                ? Texts.trimToNull(selection.path("name_override").asString()) : null;
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("relative_path", path);
        result.putNull(kind.nameField());
        result.putNull(kind.idField());
        result.put("overwritten", false);
        Optional<Candidate> found = candidates.stream().filter(c -> c.relativePath().equals(path)).findFirst();
        String prefix = null;
        try {
            Candidate candidate = found.orElseThrow(() -> new ItemFailure("No " + kind.wire()
                    + " at relative_path " + path + " in the archive"));
            String name;
            if (candidate.requiresName()) {
                if (override == null) {
                    throw new ItemFailure("name_override is required for " + path);
                }
                name = CatalogService.validName(kind, override);
            } else {
                name = java.util.Objects.requireNonNull(candidate.name());
                if (override != null && !override.equals(name)) {
                    throw new ItemFailure("name_override is not allowed: the archive names it " + name);
                }
            }
            result.put(kind.nameField(), name);
            List<ArchiveFile> taken = Candidates.filesOf(candidate, candidates, archive.files());
            if (taken.isEmpty()) {
                throw new ItemFailure("No files to import under " + path);
            }
            JsonNode manifest = null;
            if (kind == PackageKind.PLUGIN) {
                if (candidate.manifest() == null || !candidate.manifest().isObject()) {
                    throw new ItemFailure(".claude-plugin/plugin.json under " + path + " is not a JSON object");
                }
                ObjectNode m = (ObjectNode) candidate.manifest().deepCopy();
                if (candidate.requiresName()) {
                    m.put("name", name);
                }
                manifest = m;
            }
            boolean overwritten = catalog.findOwned(kind, owner, name).isPresent();
            prefix = CatalogService.ownerArea(kind, owner) + name + "/" + UUID.randomUUID() + "/";
            for (ArchiveFile file : taken) {
                String key = prefix + candidate.relative(file);
                if (manifest != null && file.path().equals(candidate.manifestPath())) {
                    byte[] bytes = pretty(manifest);
                    blobs.put(key, new ByteArrayInputStream(bytes), bytes.length, "application/json");
                } else {
                    try (InputStream in = archive.open(file)) {
                        blobs.put(key, in, file.size(), contentType(file.fileName()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            ObjectNode entry = JsonNodeFactory.instance.objectNode().put("s3_key", prefix).put("is_prefix", true);
            entry.putObject("source").put("archive_key", archiveKey).put("relative_path", path);
            JsonNode finalManifest = manifest;
            String finalName = name;
            CatalogItem saved = java.util.Objects.requireNonNull(tx.execute(status -> {
                CatalogItem item = catalog.upsertImported(kind, owner, new CatalogRepository.Fields(finalName,
                        CatalogItem.SCOPE_USER, entry, source, text(finalManifest, "description"),
                        text(finalManifest, "version"), finalManifest));
                installs.ensureEnabled(kind, owner, item.id());
                return item;
            }));
            result.put(kind.idField(), saved.id());
            result.put("overwritten", overwritten);
            result.put("status", "success");
            result.putNull("error");
        } catch (ItemFailure | PocoException e) {
            fail(result, prefix, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Importing {} failed", path, e);
            fail(result, prefix, "Import failed: " + e.getMessage());
        }
        return result;
    }

    private void fail(ObjectNode result, @Nullable String prefix, @Nullable String message) {
        if (prefix != null) {
            try {
                blobs.list(prefix).forEach(b -> blobs.delete(b.key()));
            } catch (RuntimeException e) {
                log.debug("Could not remove {}: {}", prefix, e.getMessage());
            }
        }
        result.put("status", "failed");
        result.put("error", message);
    }

    /** The archive's source meta ({@code meta.json} beside it), else inferred from its file name, as poco. */
    private JsonNode source(String archiveKey) {
        String dir = archiveKey.substring(0, archiveKey.lastIndexOf('/'));
        Optional<InputStream> meta = blobs.get(dir + "/meta.json");
        if (meta.isPresent()) {
            try (InputStream in = meta.get()) {
                JsonNode node = json.read(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
                if (node != null && node.isObject()) {
                    return node;
                }
            } catch (IOException | RuntimeException e) {
                log.debug("Unreadable meta.json beside {}: {}", archiveKey, e.getMessage());
            }
        }
        String file = archiveKey.substring(archiveKey.lastIndexOf('/') + 1);
        return file.equals("github.zip") ? JsonNodeFactory.instance.objectNode().put("kind", "github")
                : JsonNodeFactory.instance.objectNode().put("kind", "zip").put("filename", file);
    }

    /** poco re-serialises the manifest: indent 2, keys sorted, non-ASCII kept. */
    private byte[] pretty(JsonNode manifest) {
        return json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(sorted(manifest));
    }

    private static Object sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new TreeMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), sorted(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(sorted(n)));
            return list;
        }
        return node;
    }

    private static @Nullable String text(@Nullable JsonNode manifest, String field) {
        if (manifest == null || !manifest.path(field).isString()) {
            return null;
        }
        return Texts.trimToNull(manifest.path(field).asString());
    }

    private static String contentType(String fileName) {
        String guessed = URLConnection.getFileNameMap().getContentTypeFor(fileName);
        if (guessed != null) {
            return guessed;
        }
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".md") ? "text/markdown" : lower.endsWith(".json") ? "application/json"
                : "application/octet-stream";
    }

    /** One chosen folder cannot be imported; the others go on. */
    private static final class ItemFailure extends RuntimeException {
        ItemFailure(String message) {
            super(message);
        }
    }
}
