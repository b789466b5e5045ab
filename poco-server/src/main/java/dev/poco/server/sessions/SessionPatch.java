package dev.poco.server.sessions;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A typed change to a session row: each field is either left alone ({@code null}) or set to a
 * value, which may itself be null (clear the column). Build one from {@link #NONE} with the
 * withers; {@code SessionRepository} turns it into SQL, so no service names a column.
 * {@code status} stays a string because poco's {@code PATCH /sessions/{id}} stores any status;
 * Poco's own statuses come from {@code runs.RunLifecycle}.
 */
public record SessionPatch(
        @Nullable Change<String> status,
        @Nullable Change<String> title,
        @Nullable Change<UUID> projectId,
        @Nullable Change<String> sdkSessionId,
        @Nullable Change<JsonNode> configSnapshot,
        @Nullable Change<JsonNode> statePatch,
        @Nullable Change<String> workspaceArchiveUrl,
        @Nullable Change<String> workspaceFilesPrefix,
        @Nullable Change<String> workspaceManifestKey,
        @Nullable Change<String> workspaceArchiveKey,
        @Nullable Change<String> workspaceExportStatus) {

    /** "Set this column to {@code value}" ({@code value} null clears it). */
    public record Change<T>(@Nullable T value) {}

    /** Changes nothing. */
    public static final SessionPatch NONE =
            new SessionPatch(null, null, null, null, null, null, null, null, null, null, null);

    public boolean isEmpty() {
        return equals(NONE);
    }

    public SessionPatch status(SessionStatus value) {
        return status(value.wire());
    }

    public SessionPatch status(String value) {
        return new SessionPatch(new Change<>(value), title, projectId, sdkSessionId, configSnapshot, statePatch,
                workspaceArchiveUrl, workspaceFilesPrefix, workspaceManifestKey, workspaceArchiveKey,
                workspaceExportStatus);
    }

    public SessionPatch title(@Nullable String value) {
        return new SessionPatch(status, new Change<>(value), projectId, sdkSessionId, configSnapshot, statePatch,
                workspaceArchiveUrl, workspaceFilesPrefix, workspaceManifestKey, workspaceArchiveKey,
                workspaceExportStatus);
    }

    public SessionPatch projectId(@Nullable UUID value) {
        return new SessionPatch(status, title, new Change<>(value), sdkSessionId, configSnapshot, statePatch,
                workspaceArchiveUrl, workspaceFilesPrefix, workspaceManifestKey, workspaceArchiveKey,
                workspaceExportStatus);
    }

    public SessionPatch sdkSessionId(@Nullable String value) {
        return new SessionPatch(status, title, projectId, new Change<>(value), configSnapshot, statePatch,
                workspaceArchiveUrl, workspaceFilesPrefix, workspaceManifestKey, workspaceArchiveKey,
                workspaceExportStatus);
    }

    public SessionPatch configSnapshot(@Nullable JsonNode value) {
        return new SessionPatch(status, title, projectId, sdkSessionId, new Change<>(value), statePatch,
                workspaceArchiveUrl, workspaceFilesPrefix, workspaceManifestKey, workspaceArchiveKey,
                workspaceExportStatus);
    }

    /** The stored agent state; a JSON object (poco's {@code state_patch}), or null. */
    public SessionPatch statePatch(@Nullable JsonNode value) {
        return new SessionPatch(status, title, projectId, sdkSessionId, configSnapshot, new Change<>(value),
                workspaceArchiveUrl, workspaceFilesPrefix, workspaceManifestKey, workspaceArchiveKey,
                workspaceExportStatus);
    }

    public SessionPatch workspaceArchiveUrl(@Nullable String value) {
        return new SessionPatch(status, title, projectId, sdkSessionId, configSnapshot, statePatch,
                new Change<>(value), workspaceFilesPrefix, workspaceManifestKey, workspaceArchiveKey,
                workspaceExportStatus);
    }

    public SessionPatch workspaceFilesPrefix(@Nullable String value) {
        return new SessionPatch(status, title, projectId, sdkSessionId, configSnapshot, statePatch,
                workspaceArchiveUrl, new Change<>(value), workspaceManifestKey, workspaceArchiveKey,
                workspaceExportStatus);
    }

    public SessionPatch workspaceManifestKey(@Nullable String value) {
        return new SessionPatch(status, title, projectId, sdkSessionId, configSnapshot, statePatch,
                workspaceArchiveUrl, workspaceFilesPrefix, new Change<>(value), workspaceArchiveKey,
                workspaceExportStatus);
    }

    public SessionPatch workspaceArchiveKey(@Nullable String value) {
        return new SessionPatch(status, title, projectId, sdkSessionId, configSnapshot, statePatch,
                workspaceArchiveUrl, workspaceFilesPrefix, workspaceManifestKey, new Change<>(value),
                workspaceExportStatus);
    }

    public SessionPatch workspaceExportStatus(@Nullable String value) {
        return new SessionPatch(status, title, projectId, sdkSessionId, configSnapshot, statePatch,
                workspaceArchiveUrl, workspaceFilesPrefix, workspaceManifestKey, workspaceArchiveKey,
                new Change<>(value));
    }
}
