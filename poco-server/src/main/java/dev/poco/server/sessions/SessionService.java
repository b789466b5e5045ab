package dev.poco.server.sessions;

import dev.poco.protocol.AgentState;
import dev.poco.protocol.EventType;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.Json;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.events.SessionEvents;
import dev.poco.server.projects.ProjectDeleted;
import dev.poco.server.projects.ProjectRole;
import dev.poco.server.projects.ProjectService;
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
    private final ProjectService projects;

    SessionService(SessionRepository sessions, SessionEvents events, Json json, ProjectService projects) {
        this.sessions = sessions;
        this.events = events;
        this.json = json;
        this.projects = projects;
    }

    /**
     * The caller's session, with every right (delete, and whatever else only an owner may do): NOT_FOUND when missing
     * or deleted, FORBIDDEN when it belongs to someone else (poco's behaviour). The owner of the session's project has
     * these rights too; a member of it gets a FORBIDDEN that names their role.
     */
    @Transactional(readOnly = true)
    public Session require(Caller caller, UUID sessionId) {
        return requireAccess(caller, sessionId, ProjectRole.OWNER, "do this in someone else's session");
    }

    /**
     * A session the caller may change (follow-ups, cancel, rename, regenerate, answers): theirs, or one in a project
     * they own or edit. A viewer gets FORBIDDEN ("You have view access to this project…").
     */
    @Transactional(readOnly = true)
    public Session requireEditable(Caller caller, UUID sessionId) {
        return requireAccess(caller, sessionId, ProjectRole.EDITOR, "change its sessions");
    }

    /** A session the caller may read: theirs, or one in a project they own or that is shared with them. */
    @Transactional(readOnly = true)
    public Session requireReadable(Caller caller, UUID sessionId) {
        return requireAccess(caller, sessionId, ProjectRole.VIEWER, "read it");
    }

    /**
     * What the caller may do in the session: {@code OWNER} for their own (and in a project they own), else their role
     * in the session's project; empty for anyone else.
     */
    @Transactional(readOnly = true)
    public Optional<ProjectRole> access(Caller caller, Session session) {
        if (caller.owns(session.userId())) {
            return Optional.of(ProjectRole.OWNER);
        }
        return projects.roleOf(caller.userId(), session.projectId());
    }

    /** Whether the caller may read the session (theirs, or shared with them through its project). */
    @Transactional(readOnly = true)
    public boolean canRead(Caller caller, Session session) {
        return access(caller, session).isPresent();
    }

    /** For a resource of the session (a message, a run): FORBIDDEN {@code notYours} unless the caller may read it. */
    @Transactional(readOnly = true)
    public void checkReadable(Caller caller, Session session, String notYours) {
        check(access(caller, session), ProjectRole.VIEWER, notYours, "read it");
    }

    /**
     * For a resource of the session the caller changes (a question's answer): FORBIDDEN {@code notYours} for someone
     * without a role, the viewer's refusal for a viewer.
     */
    @Transactional(readOnly = true)
    public void checkEditable(Caller caller, Session session, String notYours) {
        check(access(caller, session), ProjectRole.EDITOR, notYours, "change its sessions");
    }

    /**
     * Throws FORBIDDEN ({@code notYours} for someone without a role, as before sharing; the role's refusal for a
     * member whose role is weaker than {@code needed}).
     */
    private void check(Optional<ProjectRole> access, ProjectRole needed, String notYours, String what) {
        ProjectRole role = access.orElseThrow(() -> new ForbiddenException(notYours));
        if (role.ordinal() > needed.ordinal()) {
            throw new ForbiddenException(role.refusal(what));
        }
    }

    private Session requireAccess(Caller caller, UUID sessionId, ProjectRole needed, String what) {
        Session session = sessions.find(sessionId)
                .orElseThrow(() -> new NotFoundException("Session not found: " + sessionId));
        check(access(caller, session), needed, "Session does not belong to the user", what);
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
        // the caller's own, and every session of the projects they own or that are shared with them
        List<UUID> visible = projectId == null ? projects.visibleProjectIds(caller.userId())
                : projects.roleOf(caller.userId(), projectId).isPresent() ? List.of(projectId) : List.of();
        return sessions.list(caller.userId(), visible, kind, projectId, limit, offset);
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
