package dev.poco.server.sessions;

import dev.poco.protocol.AgentState;
import dev.poco.protocol.EventType;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.Json;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.events.SessionEvents;
import dev.poco.server.projects.ProjectDeleted;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Session use cases and the session API other features use. Every change emits an event in the
 * same transaction: {@code session.updated} with the new view, or {@code state.updated} with the
 * agent state.
 */
@Service
public class SessionService {

    public static final String KIND_CHAT = "chat";

    private final SessionRepository sessions;
    private final SessionEvents events;
    private final Json json;

    SessionService(SessionRepository sessions, SessionEvents events, Json json) {
        this.sessions = sessions;
        this.events = events;
        this.json = json;
    }

    /**
     * The caller's session: NOT_FOUND when missing or deleted, FORBIDDEN when it belongs to
     * someone else (poco's behaviour).
     */
    @Transactional(readOnly = true)
    public Session require(Caller caller, UUID sessionId) {
        Session session = sessions.find(sessionId)
                .orElseThrow(() -> new NotFoundException("Session not found: " + sessionId));
        if (!caller.owns(session.userId())) {
            throw new ForbiddenException("Session does not belong to the user");
        }
        return session;
    }

    @Transactional(readOnly = true)
    public Optional<Session> find(UUID sessionId) {
        return sessions.find(sessionId);
    }

    /** Locks the session row for the rest of the transaction. */
    @Transactional
    public Optional<Session> lock(UUID sessionId) {
        return sessions.lock(sessionId);
    }

    /** The session a callback names (SDK session id, else session id), locked to the end of the transaction. */
    @Transactional
    public Optional<Session> lockForCallback(String idOrSdkSessionId) {
        UUID id;
        try {
            id = UUID.fromString(idOrSdkSessionId.strip());
        } catch (IllegalArgumentException e) {
            id = null;
        }
        return sessions.lockBySdkIdOrId(idOrSdkSessionId, id);
    }

    @Transactional(readOnly = true)
    public Optional<Session> findBySdkSessionId(String sdkSessionId) {
        return sessions.findBySdkSessionId(sdkSessionId);
    }

    @Transactional(readOnly = true)
    public List<Session> list(Caller caller, @Nullable String kind, @Nullable UUID projectId, int limit, int offset) {
        return sessions.list(caller.userId(), kind, projectId, limit, offset);
    }

    @Transactional(readOnly = true)
    public List<Session> searchByTitle(Caller caller, String pattern, @Nullable UUID projectId, int limit) {
        return sessions.searchByTitle(caller.userId(), pattern, projectId, limit);
    }

    @Transactional
    public Session create(String userId, @Nullable UUID projectId, @Nullable JsonNode config, String kind,
            @Nullable String title) {
        Session session = sessions.insert(userId, projectId, config, kind, SessionStatus.PENDING.wire(), title);
        events.append(session.id(), null, EventType.SESSION_UPDATED, view(session));
        return session;
    }

    /** Applies the patch and emits {@code session.updated} with the new view. */
    @Transactional
    public Session update(UUID sessionId, SessionPatch patch) {
        Session session = sessions.update(sessionId, patch);
        events.append(sessionId, null, EventType.SESSION_UPDATED, view(session));
        return session;
    }

    /**
     * Sets a generated title when the session is still untitled and not deleted (a title the user typed meanwhile
     * wins), emitting {@code session.updated}; answers whether it was set.
     */
    @Transactional
    public boolean titleIfUntitled(UUID sessionId, String title) {
        Optional<Session> session = sessions.titleIfUntitled(sessionId, title);
        session.ifPresent(s -> events.append(sessionId, null, EventType.SESSION_UPDATED, view(s)));
        return session.isPresent();
    }

    /** Replaces the agent state (callbacks send the full state each time) and emits {@code state.updated}. */
    @Transactional
    public void setState(UUID sessionId, @Nullable UUID runId, AgentState state) {
        sessions.update(sessionId, SessionPatch.NONE.statePatch(json.toTree(state)));
        events.append(sessionId, runId, EventType.STATE_UPDATED, state.normalized());
    }

    @Transactional
    public void markDeleted(UUID sessionId) {
        sessions.softDelete(sessionId);
        events.append(sessionId, null, EventType.SESSION_DELETED, Map.of("session_id", sessionId));
    }

    /**
     * Detaches the sessions of a deleted project, after the deletion committed and before its request answers, in a
     * transaction of its own. The event is kept in Modulith's publication registry until this succeeds, so sessions
     * left attached by a crash are detached when the server starts again; detaching twice changes nothing.
     */
    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void onProjectDeleted(ProjectDeleted deleted) {
        for (UUID sessionId : sessions.detachProject(deleted.projectId())) {
            sessions.find(sessionId).ifPresent(s -> events.append(sessionId, null, EventType.SESSION_UPDATED, view(s)));
        }
    }

    public SessionView view(Session s) {
        return new SessionView(s.id(), s.userId(), s.projectId(), s.sdkSessionId(), s.title(), s.configSnapshot(),
                s.workspaceArchiveUrl(), s.workspaceFilesPrefix(), s.workspaceManifestKey(), s.workspaceArchiveKey(),
                renderState(s.statePatch()), s.workspaceExportStatus(), s.status(),
                s.createdAt(), s.updatedAt());
    }

    /** The stored state with poco's defaults filled in; a state stored raw by PATCH is shown as is. */
    public @Nullable JsonNode renderState(@Nullable JsonNode stored) {
        if (stored == null) {
            return null;
        }
        try {
            return json.toTree(json.mapper().treeToValue(stored, AgentState.class).normalized());
        } catch (JacksonException | IllegalArgumentException e) {
            return stored;
        }
    }
}
