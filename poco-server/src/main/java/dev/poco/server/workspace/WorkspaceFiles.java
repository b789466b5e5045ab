package dev.poco.server.workspace;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.protocol.fs.OpenDirectory;
import dev.poco.server.system.PocoProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The session directories under {@code POCO_WORKSPACES_ROOT} on this host, for the one thing the server still does
 * with them: copying a session into a branch when the embedded runner shares the host. What users see of a
 * workspace comes from its export ({@link WorkspaceExports}), never from this directory. Reads walk directory
 * descriptors and never follow a link ({@link OpenDirectory}).
 */
@Service
public class WorkspaceFiles {

    /**
     * What a branch copies of a session directory: the workspace and the agent's home (the runner's
     * {@code SessionWorkspace.HOME_DIR}).
     */
    static final Set<String> SESSION_STATE = Set.of(WorkspaceLayout.WORKSPACE_DIR, "home");

    private final Path root;

    WorkspaceFiles(WorkspaceProperties properties, PocoProperties poco) {
        this.root = properties.root() != null ? properties.root() : poco.home().resolve("workspaces");
    }

    public Path root() {
        return root;
    }

    /**
     * Gives a branch the files and agent state of the session it was branched from (reference §3.4): the workspace
     * (files, git history and {@code .claude_data}, the agent's {@code ~/.claude} with its transcripts, skills and
     * settings) and the agent's home. Done here, on the server, because today workspaces live under a root this
     * process reads too ({@code POCO_WORKSPACES_ROOT}, same host as the embedded runner). With runners on other
     * hosts the source is not here and nothing is copied (false); that case needs a runner-side copy on the
     * branch's first run. Reads the source without following links; removes a partial copy on failure.
     *
     * @return whether there was a source to copy
     * @throws UncheckedIOException when the copy fails (nothing of it is left)
     */
    public boolean copySession(String userId, UUID from, UUID to) {
        Path source = WorkspaceLayout.sessionDir(root, userId, from);
        Path target = WorkspaceLayout.sessionDir(root, userId, to);
        try (OpenDirectory session = OpenDirectory.open(root, components(source)).orElse(null)) {
            if (session == null) {
                return false;
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException("The new session's directory exists already: " + target);
            }
            Files.createDirectories(target);
            try {
                SessionDirectoryCopy.copy(session, source, target, SESSION_STATE::contains);
            } catch (IOException | RuntimeException e) {
                SessionDirectoryCopy.deleteQuietly(target);
                throw e;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the workspace of session " + from + ": " + e.getMessage(), e);
        }
    }

    private List<String> components(Path below) {
        List<String> components = new ArrayList<>();
        root.relativize(below).forEach(p -> components.add(p.toString()));
        return components;
    }
}
