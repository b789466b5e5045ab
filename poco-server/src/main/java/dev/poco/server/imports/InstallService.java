package dev.poco.server.imports;

import dev.poco.server.auth.Caller;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.JsonPatch;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The user's skill and plugin installs (reference §2 user_mcp_installs.py): an install's {@code enabled} only decides
 * whether new tasks get the item by default. Someone else's install is NOT_FOUND.
 */
@Service
public class InstallService {

    private final InstallRepository installs;
    private final CatalogRepository items;

    InstallService(InstallRepository installs, CatalogRepository items) {
        this.installs = installs;
        this.items = items;
    }

    @Transactional(readOnly = true)
    public List<Install> list(PackageKind kind, Caller caller) {
        return installs.list(kind, caller.userId());
    }

    /** Body {@code {<kind>_id: int, enabled: bool = true}}; the item must be a system one or the caller's. */
    @Transactional
    public Install create(PackageKind kind, Caller caller, JsonNode body) {
        JsonPatch.of(body);
        JsonNode target = body.path(kind.idField());
        if (!target.isInt()) {
            throw ValidationException.of(kind.idField(), "is required and must be an integer");
        }
        boolean enabled = bool(body, "enabled", true);
        int targetId = target.asInt();
        if (items.find(kind, targetId).filter(i -> i.isSystem() || caller.owns(i.ownerUserId())).isEmpty()) {
            throw new NotFoundException(kind.notFound(), kind.label() + " not found: " + targetId);
        }
        if (installs.findFor(kind, caller.userId(), targetId).isPresent()) {
            throw new ConflictException(ErrorCode.BAD_REQUEST, kind.label() + " install already exists for "
                    + kind.idField() + " " + targetId);
        }
        return installs.insert(kind, caller.userId(), targetId, enabled);
    }

    @Transactional
    public Install update(PackageKind kind, Caller caller, int installId, JsonNode body) {
        JsonPatch.of(body);
        Install install = require(kind, caller, installId);
        if (!body.has("enabled") || body.get("enabled").isNull()) {
            return install;
        }
        return installs.setEnabled(kind, installId, bool(body, "enabled", install.enabled()));
    }

    /** Body {@code {enabled, install_ids: int[] | null}}: null means all of the caller's installs. */
    @Transactional
    public int bulk(PackageKind kind, Caller caller, JsonNode body) {
        JsonPatch.of(body);
        if (!body.path("enabled").isBoolean()) {
            throw ValidationException.of("enabled", "is required and must be a boolean");
        }
        boolean enabled = body.get("enabled").asBoolean();
        JsonNode ids = body.path("install_ids");
        if (ids.isMissingNode() || ids.isNull()) {
            return installs.setEnabledAll(kind, caller.userId(), enabled);
        }
        if (!ids.isArray()) {
            throw ValidationException.of("install_ids", "must be a list of integers or null");
        }
        List<Integer> list = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isInt()) {
                throw ValidationException.of("install_ids", "must be a list of integers or null");
            }
            list.add(id.asInt());
        }
        return installs.setEnabledSome(kind, caller.userId(), enabled, list);
    }

    @Transactional
    public void delete(PackageKind kind, Caller caller, int installId) {
        require(kind, caller, installId);
        installs.delete(kind, installId);
    }

    void ensureEnabled(PackageKind kind, String userId, int targetId) {
        installs.ensureEnabled(kind, userId, targetId);
    }

    private Install require(PackageKind kind, Caller caller, int installId) {
        return installs.find(kind, installId).filter(i -> caller.owns(i.userId()))
                .orElseThrow(() -> new NotFoundException(kind.label() + " install not found: " + installId));
    }

    private static boolean bool(JsonNode body, String field, boolean fallback) {
        @Nullable JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw ValidationException.of(field, "must be a boolean");
        }
        return node.asBoolean();
    }
}
