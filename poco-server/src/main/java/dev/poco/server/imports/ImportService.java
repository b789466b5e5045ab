package dev.poco.server.imports;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.Json;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.PayloadTooLargeException;
import dev.poco.server.common.Texts;
import dev.poco.server.common.ValidationException;
import dev.poco.server.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Imports (reference §3.13): discover the candidates of an uploaded zip or a GitHub archive, keep the archive in the
 * BlobStore under {@code <kind>-imports/<user>/<uuid>/<file>} with its source beside it ({@code meta.json}), and
 * commit a choice as a background job ({@link ImportJobRunner}).
 */
@Service
public class ImportService {

    private final ImportProperties limits;
    private final GitHubArchives github;
    private final BlobStore blobs;
    private final CatalogService catalog;
    private final ImportJobRepository jobs;
    private final ImportJobRunner runner;
    private final ImportFiles files;
    private final Json json;

    ImportService(ImportProperties limits, GitHubArchives github, BlobStore blobs, CatalogService catalog,
            ImportJobRepository jobs, ImportJobRunner runner, ImportFiles files, Json json) {
        this.limits = limits;
        this.github = github;
        this.blobs = blobs;
        this.catalog = catalog;
        this.jobs = jobs;
        this.runner = runner;
        this.files = files;
        this.json = json;
    }

    /** poco's discover answer: {@code {archive_key, candidates}}. */
    public record Discovery(String archiveKey, List<Map<String, @Nullable Object>> candidates) {}

    /** poco's discover: exactly one of an uploaded {@code file} and a {@code github_url}. */
    public Discovery discover(PackageKind kind, Caller caller, @Nullable MultipartFile file,
            @Nullable String githubUrl) {
        String url = Texts.trimToNull(githubUrl);
        if ((file == null) == (url == null)) {
            throw new BadRequestException("Send exactly one of a zip file (multipart field \"file\") and a github_url");
        }
        if (url != null || file == null) {
            return discoverGitHub(kind, caller, java.util.Objects.requireNonNull(url));
        }
        try {
            return discoverUpload(kind, caller, file.getOriginalFilename(), file.getSize(), file.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the upload", e);
        }
    }

    /** Discovers in an uploaded zip of {@code size} bytes. */
    public Discovery discoverUpload(PackageKind kind, Caller caller, @Nullable String filename, long size,
            InputStream content) {
        String name = sanitize(filename);
        if (!name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
            throw new BadRequestException("Upload a .zip file", Map.of("filename", name));
        }
        if (size > limits.maxBytes()) {
            throw new PayloadTooLargeException("The archive is larger than " + limits.maxMb()
                    + " MB (POCO_IMPORT_MAX_MB)", limits.maxBytes(), size);
        }
        Path temp = files.newTempFile();
        try {
            try (InputStream in = content) {
                Files.copy(in, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.size(temp) > limits.maxBytes()) {
                throw new PayloadTooLargeException("The archive is larger than " + limits.maxMb()
                        + " MB (POCO_IMPORT_MAX_MB)", limits.maxBytes(), Files.size(temp));
            }
            ObjectNode source = JsonNodeFactory.instance.objectNode().put("kind", "zip").put("filename", name);
            return discover(kind, caller, temp, name, source);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the upload", e);
        } finally {
            files.delete(temp);
        }
    }

    /** Discovers in the archive of a GitHub repository. */
    public Discovery discoverGitHub(PackageKind kind, Caller caller, String url) {
        Path temp = files.newTempFile();
        try {
            GitHubArchives.Source source = github.download(url, temp, kind);
            return discover(kind, caller, temp, "github.zip", source.meta());
        } finally {
            files.delete(temp);
        }
    }

    private Discovery discover(PackageKind kind, Caller caller, Path archiveFile, String fileName, ObjectNode source) {
        List<Candidate> candidates;
        try (SafeArchive archive = SafeArchive.open(archiveFile, limits)) {
            candidates = Candidates.find(kind, archive, json.mapper());
        }
        String prefix = kind.importRoot() + "/" + WorkspaceLayout.userDirName(caller.userId()) + "/" + UUID.randomUUID();
        String archiveKey = prefix + "/" + fileName;
        try (InputStream in = Files.newInputStream(archiveFile)) {
            blobs.put(archiveKey, in, Files.size(archiveFile), "application/zip");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store the archive", e);
        }
        byte[] meta = String.valueOf(json.write(source)).getBytes(StandardCharsets.UTF_8);
        blobs.put(prefix + "/meta.json", new java.io.ByteArrayInputStream(meta), meta.length, "application/json");
        List<Map<String, @Nullable Object>> views = new ArrayList<>();
        for (Candidate c : candidates) {
            Map<String, @Nullable Object> view = new LinkedHashMap<>();
            view.put("relative_path", c.relativePath());
            view.put(kind.nameField(), c.name());
            if (kind == PackageKind.PLUGIN) {
                view.put("version", c.version());
                view.put("description", c.description());
            }
            view.put("requires_name", c.requiresName());
            view.put("will_overwrite", c.name() != null && catalog.findOwned(kind, caller.userId(), c.name()).isPresent());
            views.add(view);
        }
        return new Discovery(archiveKey, views);
    }

    /**
     * Body {@code {archive_key, selections: [{relative_path, name_override?}]}}: queues the job and starts it. An
     * archive of someone else is FORBIDDEN and an empty choice BAD_REQUEST at once (poco failed the job later).
     */
    public ImportJob commit(PackageKind kind, Caller caller, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ValidationException.of("body", "must be a JSON object");
        }
        JsonNode key = body.path("archive_key");
        if (!key.isString() || key.asString().isBlank()) {
            throw ValidationException.of("archive_key", "is required and must be a string");
        }
        String archiveKey = key.asString();
        if (!archiveKey.startsWith(kind.importRoot() + "/" + WorkspaceLayout.userDirName(caller.userId()) + "/")) {
            throw new ForbiddenException("The archive does not belong to the user");
        }
        if (blobs.stat(archiveKey).isEmpty()) {
            throw new NotFoundException("Archive not found: " + archiveKey + "; discover it again");
        }
        JsonNode selections = body.path("selections");
        if (!selections.isArray()) {
            throw ValidationException.of("selections", "is required and must be a list");
        }
        ArrayNode clean = JsonNodeFactory.instance.arrayNode();
        for (JsonNode s : selections) {
            JsonNode path = s.path("relative_path");
            JsonNode override = s.path("name_override");
            if (!path.isString() || !(override.isMissingNode() || override.isNull() || override.isString())) {
                throw ValidationException.of("selections", "each needs a relative_path string and may have a"
                        + " name_override string");
            }
            ObjectNode item = clean.addObject().put("relative_path", path.asString());
            item.put("name_override", override.isString() ? Texts.trimToNull(override.asString()) : null);
        }
        if (clean.isEmpty()) {
            throw new BadRequestException("Choose at least one " + kind.wire() + " to import");
        }
        ImportJob job = jobs.insert(kind, caller.userId(), archiveKey, clean);
        runner.submit(kind, job.id());
        return job;
    }

    /** The caller's job; another user's is FORBIDDEN, as poco. */
    public ImportJob job(PackageKind kind, Caller caller, UUID id) {
        ImportJob job = jobs.find(kind, id).orElseThrow(() -> new NotFoundException("Import job not found: " + id));
        if (!caller.owns(job.userId())) {
            throw new ForbiddenException("Import job does not belong to the user");
        }
        return job;
    }

    /** poco's upload name: the base name, characters outside {@code [A-Za-z0-9._-]} replaced by {@code _}. */
    static String sanitize(@Nullable String filename) {
        String name = filename == null ? "" : filename.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() || name.equals(".") || name.equals("..") ? "upload.zip" : name;
    }
}
