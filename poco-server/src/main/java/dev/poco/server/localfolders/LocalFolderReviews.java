package dev.poco.server.localfolders;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.protocol.folders.HostGit;
import dev.poco.protocol.folders.LocalFolderException;
import dev.poco.protocol.folders.Worktree;
import dev.poco.protocol.folders.WorktreeDiff;
import dev.poco.protocol.folders.WorktreeMerge;
import dev.poco.protocol.folders.Worktrees;
import dev.poco.protocol.spec.LocalFolder;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionService;
import dev.poco.server.sessions.SessionStatus;
import dev.poco.server.workspace.WorkspaceFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * A session's local folders and the review of its read-write ones: the diff of its worktree against the base branch,
 * and the merge. The worktree lives on the runner's host, in the session's directory under {@code
 * POCO_WORKSPACES_ROOT} ({@code folders/<name>}, recorded in {@code folders/<name>.json}); this server reads it when it
 * shares that host, as the embedded runner of the default {@code all} role does. The recorded repository is checked
 * against this server's own allowed roots before git runs on it.
 */
@Service
class LocalFolderReviews {

    /** The session's directory entry holding its worktrees (the runner's {@code LocalFoldersStage.FOLDERS_DIR}). */
    static final String FOLDERS_DIR = "folders";

    private final SessionService sessions;
    private final WorkspaceFiles workspaces;
    private final LocalFolders folders;
    private final Worktrees worktrees = new Worktrees(new HostGit("git"));

    LocalFolderReviews(SessionService sessions, WorkspaceFiles workspaces, LocalFolders folders) {
        this.sessions = sessions;
        this.workspaces = workspaces;
        this.folders = folders;
    }

    LocalFolderRootsView roots() {
        return new LocalFolderRootsView(folders.roots().enabled(),
                folders.roots().roots().stream().map(Path::toString).toList());
    }

    List<SessionFolderView> list(Caller caller, UUID sessionId) {
        Session session = sessions.requireReadable(caller, sessionId);
        return attached(session).stream().map(folder -> {
            Optional<Worktree> worktree = folder.mode() == LocalFolder.Mode.RW
                    ? Worktrees.read(worktreeDir(session, folder)) : Optional.empty();
            return new SessionFolderView(folder.name(), folder.path(), folder.mode().wire(), folder.sandboxPath(),
                    worktree.map(Worktree::branch).orElse(null), worktree.map(Worktree::base).orElse(null),
                    worktree.isPresent());
        }).toList();
    }

    WorktreeDiff diff(Caller caller, UUID sessionId, String name) {
        Session session = sessions.requireReadable(caller, sessionId);
        Worktree worktree = worktree(session, name);
        try {
            return worktrees.diff(worktree);
        } catch (LocalFolderException e) {
            throw translate(e);
        }
    }

    WorktreeMerge merge(Caller caller, UUID sessionId, String name) {
        Session session = sessions.requireEditable(caller, sessionId);
        if (session.status().equals(SessionStatus.RUNNING.wire()) || session.status().equals(
                SessionStatus.PENDING.wire())) {
            throw new ConflictException(ErrorCode.BAD_REQUEST, "The session is " + session.status() + ": merge its"
                    + " folder when its run has finished, so that the agent does not write while git merges");
        }
        Worktree worktree = worktree(session, name);
        String title = session.title() == null || session.title().isBlank() ? session.id().toString()
                : session.title().strip();
        try {
            return worktrees.merge(worktree, "Merge " + worktree.branch() + " (Poco session: " + title + ")");
        } catch (LocalFolderException e) {
            throw translate(e);
        }
    }

    private Worktree worktree(Session session, String name) {
        LocalFolder folder = attached(session).stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("This session has no local folder named \"" + name + "\""));
        if (folder.mode() != LocalFolder.Mode.RW) {
            throw new BadRequestException("The local folder \"" + name + "\" is attached read-only: the session"
                    + " cannot change it, so there is nothing to review or merge");
        }
        Path dir = worktreeDir(session, folder);
        Worktree worktree = Worktrees.read(dir).orElseThrow(() -> new NotFoundException("The session's worktree of "
                + folder.path() + " is not on this server's host: a run of the session makes it, on the runner's"
                + " host; review and merge need the server and that runner on one host"));
        if (!worktree.worktreePath().equals(dir)) {
            throw new ConflictException(ErrorCode.BAD_REQUEST, "The worktree record of \"" + name + "\" names another"
                    + " directory (" + worktree.worktree() + "); refusing to use it");
        }
        try {
            Path real = folders.roots().check(worktree.repository());
            if (!real.equals(worktree.repositoryPath())) {
                throw new BadRequestException(worktree.repository() + " now leads elsewhere (" + real + ")");
            }
        } catch (LocalFolderException e) {
            throw new BadRequestException("The session's repository cannot be used here: " + e.getMessage());
        }
        return worktree;
    }

    private List<LocalFolder> attached(Session session) {
        return session.configSnapshot() == null ? List.of() : LocalFolders.stored(session.configSnapshot());
    }

    private Path worktreeDir(Session session, LocalFolder folder) {
        return WorkspaceLayout.sessionDir(workspaces.root().toAbsolutePath().normalize(), session.userId(),
                session.id()).resolve(FOLDERS_DIR).resolve(folder.name());
    }

    private static RuntimeException translate(LocalFolderException e) {
        String message = String.valueOf(e.getMessage());
        return switch (e.kind()) {
            case INVALID -> new BadRequestException(message);
            case CONFLICT -> new ConflictException(ErrorCode.BAD_REQUEST, message);
            case MISSING -> new NotFoundException(message);
        };
    }

    /** {@code GET /local-folders}: whether the feature is on and the directories users may attach from. */
    record LocalFolderRootsView(boolean enabled, List<String> roots) {}

    /**
     * One folder of a session.
     *
     * @param sandboxPath where the agent sees it
     * @param branch the session's branch of a read-write folder, once its worktree exists
     * @param base the branch that worktree merges into
     * @param worktree whether the worktree exists (on this server's host)
     */
    record SessionFolderView(String name, String path, String mode, String sandboxPath, @Nullable String branch,
            @Nullable String base, boolean worktree) {}
}
