package dev.poco.server.sessions;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.Json;
import dev.poco.server.common.JsonPatch;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.network.NetworkPolicies;
import dev.poco.server.projects.ProjectService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Create, list, read and patch sessions. Run-related session endpoints live in the tasks feature. */
@RestController
@RequestMapping("/api/v1/sessions")
class SessionController {

    private static final String KIND_DEFAULT = SessionService.KIND_CHAT;

    private final SessionService sessions;
    private final ProjectService projects;
    private final Json json;
    private final NetworkPolicies network;

    SessionController(SessionService sessions, ProjectService projects, Json json, NetworkPolicies network) {
        this.sessions = sessions;
        this.projects = projects;
        this.json = json;
        this.network = network;
    }

    record CreateSessionRequest(@Valid @Nullable TaskConfig config, @Nullable UUID projectId) {}

    record SessionStateView(UUID sessionId, String status, @Nullable JsonNode statePatch,
            @Nullable String workspaceExportStatus, OffsetDateTime updatedAt) {}

    @PostMapping
    Envelope<SessionView> create(Caller caller, @Valid @RequestBody CreateSessionRequest request) {
        if (request.projectId() != null) {
            projects.requireEditable(caller, request.projectId());
        }
        TaskConfig config = request.config() == null ? null : request.config().withDefaults();
        if (config != null && config.network() != null) {
            config = config.withNetwork(network.normalise(config.network()));
        }
        Session session = sessions.create(caller.userId(), request.projectId(), config == null ? null : json.toTree(config),
                SessionService.KIND_CHAT, null);
        return Envelope.ok("Session created successfully", sessions.view(session));
    }

    @GetMapping
    Envelope<List<SessionView>> list(Caller caller,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            @RequestParam(name = "project_id", required = false) @Nullable UUID projectId,
            @RequestParam(required = false) @Size(max = 50) @Nullable String kind) {
        // not defaultValue = "chat": Spring applies a default to "?kind=" too, and poco reads "" as "all kinds"
        String k = kind == null ? KIND_DEFAULT : kind.strip().toLowerCase(Locale.ROOT);
        String kindFilter = k.isEmpty() || k.equals("all") ? null : k;
        return Envelope.ok(sessions.list(caller, kindFilter, projectId, limit, offset).stream()
                .map(sessions::view).toList());
    }

    @GetMapping("/{sessionId}")
    Envelope<SessionView> get(Caller caller, @PathVariable UUID sessionId) {
        return Envelope.ok(sessions.view(sessions.requireReadable(caller, sessionId)));
    }

    @GetMapping("/{sessionId}/state")
    Envelope<SessionStateView> state(Caller caller, @PathVariable UUID sessionId) {
        Session s = sessions.requireReadable(caller, sessionId);
        return Envelope.ok(new SessionStateView(s.id(), s.status(), sessions.renderState(s.statePatch()),
                s.workspaceExportStatus(), s.updatedAt()));
    }

    /**
     * poco's PATCH: {@code title} and {@code project_id} honour an explicit null (clear); the
     * other fields apply only when non-null. {@code status} accepts any string, as in poco.
     */
    @PatchMapping("/{sessionId}")
    Envelope<SessionView> patch(Caller caller, @PathVariable UUID sessionId, @RequestBody JsonNode body) {
        Session session = sessions.requireEditable(caller, sessionId);
        JsonPatch patch = JsonPatch.of(body);
        Optional<String> status = patch.string("status", 50);
        Optional<String> sdkSessionId = patch.string("sdk_session_id", 255);
        Optional<String> archiveUrl = patch.string("workspace_archive_url", 4000);
        Optional<String> filesPrefix = patch.string("workspace_files_prefix", 4000);
        Optional<String> manifestKey = patch.string("workspace_manifest_key", 4000);
        Optional<String> archiveKey = patch.string("workspace_archive_key", 4000);
        Optional<String> exportStatus = patch.string("workspace_export_status", 50);
        Optional<JsonNode> statePatch = patch.object("state_patch");
        Optional<String> title = patch.string("title", 1000);
        Optional<UUID> projectId = patch.uuid("project_id");
        patch.validate();
        if (patch.has("project_id")) { // moving a session out of (or into) a project is its owner's
            sessions.require(caller, sessionId);
        }

        SessionPatch change = SessionPatch.NONE;
        change = status.map(change::status).orElse(change);
        change = sdkSessionId.map(change::sdkSessionId).orElse(change);
        change = archiveUrl.map(change::workspaceArchiveUrl).orElse(change);
        change = filesPrefix.map(change::workspaceFilesPrefix).orElse(change);
        change = manifestKey.map(change::workspaceManifestKey).orElse(change);
        change = archiveKey.map(change::workspaceArchiveKey).orElse(change);
        change = exportStatus.map(change::workspaceExportStatus).orElse(change);
        change = statePatch.map(change::statePatch).orElse(change);
        if (patch.isNull("title")) {
            change = change.title(null);
        } else if (title.isPresent()) {
            String t = title.get().strip();
            if (t.isEmpty()) {
                throw new BadRequestException("Title cannot be empty");
            }
            if (t.length() > 255) {
                throw new BadRequestException("Title must be at most 255 characters");
            }
            change = change.title(t);
        }
        if (patch.isNull("project_id")) {
            change = change.projectId(null);
        } else if (projectId.isPresent()) {
            if (projects.find(session.userId(), projectId.get()).isEmpty()) {
                throw new NotFoundException(ErrorCode.PROJECT_NOT_FOUND, "Project not found: " + projectId.get());
            }
            change = change.projectId(projectId.get());
        }
        Session updated = change.isEmpty() ? session : sessions.update(sessionId, change);
        return Envelope.ok("Session updated successfully", sessions.view(updated));
    }
}
