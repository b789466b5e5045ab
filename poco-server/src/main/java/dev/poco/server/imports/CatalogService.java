package dev.poco.server.imports;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.JsonPatch;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.Texts;
import dev.poco.server.common.ValidationException;
import dev.poco.server.storage.BlobInfo;
import dev.poco.server.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The skill and plugin catalog (reference §2 skills.py / plugins.py, §3.16): visibility, ownership, poco's name rule,
 * the internal resolve and the package a runner downloads. Users may not create, change or delete system items.
 */
@Service
public class CatalogService {

    private static final Logger log = LoggerFactory.getLogger(CatalogService.class);
    static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._-]+$");

    private final CatalogRepository items;
    private final BlobStore blobs;

    CatalogService(CatalogRepository items, BlobStore blobs) {
        this.items = items;
        this.blobs = blobs;
    }

    @Transactional(readOnly = true)
    public List<CatalogItem> list(PackageKind kind, Caller caller) {
        return items.visible(kind, caller.userId());
    }

    /** A system item or one of the caller's, else the kind's NOT_FOUND. */
    @Transactional(readOnly = true)
    public CatalogItem require(PackageKind kind, Caller caller, int id) {
        return items.find(kind, id).filter(i -> i.isSystem() || caller.owns(i.ownerUserId()))
                .orElseThrow(() -> notFound(kind, id));
    }

    @Transactional
    public CatalogItem create(PackageKind kind, Caller caller, JsonNode body) {
        Body b = Body.read(body);
        for (String required : List.of("name", "entry")) {
            if (!b.patch().has(required)) {
                throw ValidationException.of(required, "is required");
            }
        }
        b.patch().validate();
        String validName = validName(kind, b.name().orElse(""));
        requireUserScope(kind, b.scope().orElse(null));
        if (items.findOwned(kind, caller.userId(), validName).isPresent()) {
            throw alreadyExists(kind, validName);
        }
        boolean plugin = kind == PackageKind.PLUGIN;
        return items.insert(kind, caller.userId(), new CatalogRepository.Fields(validName, CatalogItem.SCOPE_USER,
                b.entry().orElseThrow(), JsonNodeFactory.instance.objectNode().put("kind", "manual"),
                plugin ? b.description().orElse(null) : null, plugin ? b.version().orElse(null) : null,
                plugin ? b.manifest().orElse(null) : null));
    }

    @Transactional
    public CatalogItem update(PackageKind kind, Caller caller, int id, JsonNode body) {
        CatalogItem current = requireChangeable(kind, caller, id);
        Body b = Body.read(body);
        JsonPatch patch = b.patch();
        patch.validate();
        String newName = current.name();
        String trimmedName = Texts.trimToNull(b.name().orElse(null));
        if (trimmedName != null && !trimmedName.equals(current.name())) {
            newName = validName(kind, trimmedName);
            if (items.findOwned(kind, caller.userId(), newName).isPresent()) {
                throw alreadyExists(kind, newName);
            }
        }
        requireUserScope(kind, b.scope().orElse(null));
        boolean plugin = kind == PackageKind.PLUGIN;
        return items.update(kind, id, new CatalogRepository.Fields(newName, current.scope(),
                b.entry().orElse(current.entry()), current.source(),
                plugin && patch.has("description") ? b.description().orElse(null) : current.description(),
                plugin && patch.has("version") ? b.version().orElse(null) : current.version(),
                plugin && patch.has("manifest") ? b.manifest().orElse(null) : current.manifest()));
    }

    /** Deletes the item (its installs go with it) and the package files it owns. */
    @Transactional
    public void delete(PackageKind kind, Caller caller, int id) {
        CatalogItem item = requireChangeable(kind, caller, id);
        items.delete(kind, id);
        ownedPackagePrefix(item).ifPresent(this::deleteAfterCommit);
    }

    /**
     * poco's internal resolve: the requested ids the user has an install for (enabled or not), keyed by name, a user
     * item winning a name over a system one. Each value is poco's {@code {enabled, entry}} (plugins add manifest,
     * version, description) plus {@code id} and {@code package_url}, where the runner downloads the files as a zip.
     */
    @Transactional(readOnly = true)
    public Map<String, Map<String, @Nullable Object>> resolve(PackageKind kind, String userId, List<Integer> ids) {
        List<Integer> unique = List.copyOf(new LinkedHashSet<>(ids));
        Map<Integer, CatalogItem> byId = new LinkedHashMap<>();
        items.installed(kind, userId, unique).forEach(i -> byId.put(i.id(), i));
        Map<String, CatalogItem> byName = new LinkedHashMap<>();
        for (Integer id : unique) {
            CatalogItem item = byId.get(id);
            if (item == null || !item.entry().isObject()) {
                continue;
            }
            CatalogItem existing = byName.get(item.name());
            if (existing == null || (CatalogItem.SCOPE_USER.equals(item.scope())
                    && !CatalogItem.SCOPE_USER.equals(existing.scope()))) {
                byName.put(item.name(), item);
            }
        }
        Map<String, Map<String, @Nullable Object>> resolved = new LinkedHashMap<>();
        byName.forEach((name, item) -> {
            Map<String, @Nullable Object> value = new LinkedHashMap<>();
            value.put("enabled", true);
            value.put("entry", item.entry());
            if (kind == PackageKind.PLUGIN) {
                value.put("manifest", item.manifest());
                value.put("version", item.version());
                value.put("description", item.description());
            }
            value.put("id", item.id());
            value.put("package_url", kind.packagePath(item.id()));
            resolved.put(name, value);
        });
        return resolved;
    }

    /** The files of an item's package as the runner gets them; NOT_FOUND when it has none it may read. */
    @Transactional(readOnly = true)
    public PackageContent packageContent(PackageKind kind, Caller caller, int id) {
        CatalogItem item = require(kind, caller, id);
        JsonNode key = item.entry().path("s3_key");
        if (!key.isString() || key.asString().isBlank()) {
            throw new NotFoundException(kind.notFound(), kind.label() + " " + item.name() + " has no package files");
        }
        String s3Key = key.asString();
        // a manual entry names any key: only the package area of the item's owner (or, for system items, of the
        // kind) may be read, never another user's files
        String area = item.isSystem() ? kind.table() + "/" : ownerArea(kind, item.ownerUserId());
        if (!s3Key.startsWith(area) || s3Key.contains("..")) {
            throw new NotFoundException(kind.notFound(), kind.label() + " " + item.name()
                    + " names package files outside " + area);
        }
        boolean prefix = item.entry().path("is_prefix").asBoolean(s3Key.endsWith("/"));
        List<BlobInfo> files;
        String base;
        if (prefix) {
            base = s3Key.endsWith("/") ? s3Key : s3Key + "/";
            files = blobs.list(base);
        } else {
            base = s3Key.substring(0, s3Key.lastIndexOf('/') + 1);
            files = blobs.stat(s3Key).map(List::of).orElse(List.of());
        }
        if (files.isEmpty()) {
            throw new NotFoundException(kind.notFound(), "The package files of " + item.name() + " are missing");
        }
        return new PackageContent(item.name(), base, files);
    }

    /** Writes the package as a zip, paths relative to the package root. */
    public void writeZip(PackageContent content, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (BlobInfo file : content.files()) {
                Optional<InputStream> bytes = blobs.get(file.key());
                if (bytes.isEmpty()) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry(file.key().substring(content.base().length())));
                try (InputStream in = bytes.get()) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
    }

    /** The fields of a create or update body; type errors wait in {@code patch} until it is validated. */
    private record Body(JsonPatch patch, Optional<String> name, Optional<JsonNode> entry, Optional<String> scope,
            Optional<String> description, Optional<String> version, Optional<JsonNode> manifest) {

        static Body read(JsonNode body) {
            JsonPatch patch = JsonPatch.of(body);
            return new Body(patch, patch.string("name", 255), patch.object("entry"), patch.string("scope", 20),
                    patch.string("description", 10_000), patch.string("version", 64), patch.object("manifest"));
        }
    }

    /** A package's files: {@code base} is the key prefix that entry names are relative to. */
    public record PackageContent(String name, String base, List<BlobInfo> files) {}

    // --- used by imports

    Optional<CatalogItem> findOwned(PackageKind kind, String owner, String name) {
        return items.findOwned(kind, owner, name);
    }

    CatalogItem upsertImported(PackageKind kind, String owner, CatalogRepository.Fields fields) {
        Optional<CatalogItem> existing = items.findOwned(kind, owner, fields.name());
        if (existing.isEmpty()) {
            return items.insert(kind, owner, fields);
        }
        CatalogItem updated = items.update(kind, existing.get().id(), fields);
        ownedPackagePrefix(existing.get()).filter(old -> !old.equals(ownedPackagePrefix(updated).orElse(null)))
                .ifPresent(this::deleteAfterCommit);
        return updated;
    }

    static String ownerArea(PackageKind kind, String owner) {
        return kind.table() + "/" + WorkspaceLayout.userDirName(owner) + "/";
    }

    static String validName(PackageKind kind, String name) {
        String trimmed = name.strip();
        if (!NAME.matcher(trimmed).matches() || trimmed.equals(".") || trimmed.equals("..")) {
            throw new BadRequestException("Invalid " + kind.wire() + " name: use letters, digits, '.', '_' and '-'",
                    Map.of("name", name));
        }
        return trimmed;
    }

    private CatalogItem requireChangeable(PackageKind kind, Caller caller, int id) {
        CatalogItem item = items.find(kind, id).orElseThrow(() -> notFound(kind, id));
        if (item.isSystem()) {
            throw new ForbiddenException(kind.modifyForbidden(), "System " + kind.wire() + "s cannot be changed");
        }
        if (!caller.owns(item.ownerUserId())) {
            throw new ForbiddenException(kind.label() + " does not belong to the user");
        }
        return item;
    }

    private static void requireUserScope(PackageKind kind, @Nullable String scope) {
        String s = Texts.trimToNull(scope);
        if (s == null || s.equals(CatalogItem.SCOPE_USER)) {
            return;
        }
        if (s.equals(CatalogItem.SCOPE_SYSTEM)) {
            throw new ForbiddenException(kind.modifyForbidden(), "System " + kind.wire()
                    + "s are installed by the administrator, not through the API");
        }
        throw ValidationException.of("scope", "must be \"user\"");
    }

    private Optional<String> ownedPackagePrefix(CatalogItem item) {
        JsonNode key = item.entry().path("s3_key");
        if (!key.isString() || item.isSystem() || !item.entry().path("is_prefix").asBoolean(false)) {
            return Optional.empty();
        }
        String prefix = key.asString();
        return prefix.startsWith(ownerArea(item.kind(), item.ownerUserId())) && prefix.endsWith("/")
                && !prefix.contains("..") ? Optional.of(prefix) : Optional.empty();
    }

    /** The files go only once the row that named them is gone for good; a rollback keeps both. */
    private void deleteAfterCommit(String prefix) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            deleteQuietly(prefix);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                deleteQuietly(prefix);
            }
        });
    }

    private void deleteQuietly(String prefix) {
        try {
            List<String> keys = new ArrayList<>();
            blobs.list(prefix).forEach(b -> keys.add(b.key()));
            keys.forEach(blobs::delete);
        } catch (RuntimeException e) {
            log.warn("Could not delete the package files under {}: {}", prefix, e.getMessage());
        }
    }

    private static NotFoundException notFound(PackageKind kind, int id) {
        return new NotFoundException(kind.notFound(), kind.label() + " not found: " + id);
    }

    private static ConflictException alreadyExists(PackageKind kind, String name) {
        return new ConflictException(kind.alreadyExists(), kind.label() + " already exists: " + name);
    }
}
