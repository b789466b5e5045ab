package dev.poco.server.workspace;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.system.PocoProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Service;

/**
 * Lists and resolves files of a session workspace. Hidden from users: poco's ignore list
 * ({@code .git}, {@code node_modules}, caches…) and the agent's own {@code .claude_data}
 * (transcripts, settings); symbolic links are never followed: every read walks directory descriptors from the
 * workspace root ({@link OpenDirectory}), so a link the agent swaps in mid-request is refused, not followed.
 */
@Service
public class WorkspaceFiles {

    static final Set<String> IGNORED = Set.of(".git", ".hg", ".svn", ".DS_Store", "__pycache__", ".pytest_cache",
            ".mypy_cache", ".ruff_cache", "node_modules", ".venv", "venv", ".next", "dist", "build",
            WorkspaceLayout.CLAUDE_DATA_DIR, ".claude");

    /**
     * What a branch copies of a session directory: the workspace and the agent's home (the runner's
     * {@code SessionWorkspace.HOME_DIR}).
     */
    static final Set<String> SESSION_STATE = Set.of(WorkspaceLayout.WORKSPACE_DIR, "home");

    private final Path root;
    private final WorkspaceProperties properties;

    WorkspaceFiles(WorkspaceProperties properties, PocoProperties poco) {
        this.properties = properties;
        this.root = properties.root() != null ? properties.root() : poco.home().resolve("workspaces");
    }

    public Path root() {
        return root;
    }

    List<FileNode> tree(String userId, UUID sessionId) {
        try (OpenDirectory workspace = openWorkspace(userId, sessionId).orElse(null)) {
            if (workspace == null) {
                return List.of();
            }
            int[] budget = {properties.maxEntries()};
            return children(workspace, "", sessionId, 1, budget);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One listed entry with the attributes of the entry itself (links are not followed, and are left out). */
    private record Entry(String name, BasicFileAttributes attributes) {}

    private static List<Entry> visibleEntries(OpenDirectory dir) {
        List<Entry> entries = new ArrayList<>();
        for (String name : dir.names()) {
            if (IGNORED.contains(name)) {
                continue;
            }
            dir.attributes(name).filter(a -> a.isDirectory() || a.isRegularFile())
                    .ifPresent(a -> entries.add(new Entry(name, a)));
        }
        entries.sort(Comparator.<Entry, Boolean>comparing(e -> !e.attributes().isDirectory())
                .thenComparing(e -> e.name().toLowerCase(Locale.ROOT)));
        return entries;
    }

    private List<FileNode> children(OpenDirectory dir, String parent, UUID sessionId, int depth, int[] budget)
            throws IOException {
        List<FileNode> nodes = new ArrayList<>();
        for (Entry entry : visibleEntries(dir)) {
            if (budget[0]-- <= 0) {
                break;
            }
            String name = entry.name();
            String rel = parent + "/" + name;
            if (entry.attributes().isDirectory()) {
                List<FileNode> kids = List.of();
                if (depth < properties.maxDepth()) {
                    try (OpenDirectory child = dir.directory(name).orElse(null)) {
                        kids = child == null ? List.of() : children(child, rel, sessionId, depth + 1, budget);
                    }
                }
                if (depth == 1 && name.equals(WorkspaceLayout.INPUTS_DIR) && kids.isEmpty()) {
                    continue; // the attachments folder every workspace has; noise while empty
                }
                nodes.add(new FileNode(rel, name, "folder", rel, kids, null, null, null, null, null));
            } else {
                nodes.add(new FileNode(rel, name, "file", rel, null, rawUrl(sessionId, rel), MimeTypes.of(name),
                        null, null, entry.attributes().size()));
            }
        }
        return nodes;
    }

    static String rawUrl(UUID sessionId, String rel) {
        return "/api/v1/sessions/" + sessionId + "/workspace/raw?path=" + URLEncoder.encode(rel, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("%2F", "/");
    }

    /**
     * Opens the file a user-supplied path names, refusing anything that leaves the workspace: {@code ..} segments,
     * hidden or ignored parts, and symbolic links anywhere on the way. Each component is opened relative to the
     * previous one's descriptor without following links ({@link OpenDirectory}), so swapping a component for a link
     * while this runs makes it fail, never read outside. The caller closes the result.
     */
    OpenedFile open(String userId, UUID sessionId, String requested) {
        List<String> parts = parts(requested);
        try (OpenDirectory workspace = openWorkspace(userId, sessionId)
                .orElseThrow(() -> new NotFoundException("File not found: " + requested))) {
            OpenDirectory dir = workspace;
            try {
                for (String part : parts.subList(0, parts.size() - 1)) {
                    OpenDirectory current = dir;
                    OpenDirectory next = current.directory(part)
                            .orElseThrow(() -> missingOrLink(current, part, requested));
                    closeUnlessWorkspace(current, workspace);
                    dir = next;
                }
                String last = parts.getLast();
                OpenDirectory parent = dir;
                return dir.file(last).orElseThrow(() -> missingOrLink(parent, last, requested));
            } finally {
                closeUnlessWorkspace(dir, workspace);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeUnlessWorkspace(OpenDirectory dir, OpenDirectory workspace) throws IOException {
        if (dir != workspace) {
            dir.close();
        }
    }

    /** The validated path components of a request (at least one). */
    private static List<String> parts(String requested) {
        if (requested.isBlank() || requested.indexOf('\0') >= 0 || requested.indexOf('\\') >= 0) {
            throw new BadRequestException("path is not a valid workspace path");
        }
        List<String> parts = new ArrayList<>();
        for (String part : requested.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new BadRequestException("path must stay inside the workspace (\"..\" is not allowed)");
            }
            if (IGNORED.contains(part)) {
                throw new NotFoundException("File not found: " + requested);
            }
            parts.add(part);
        }
        if (parts.isEmpty()) {
            throw new NotFoundException("File not found: " + requested);
        }
        return parts;
    }

    /**
     * Why a component could not be opened: a link there is FORBIDDEN (links are never served), anything else is
     * NOT_FOUND. Only the message depends on this second look; the open itself already refused.
     */
    private static RuntimeException missingOrLink(OpenDirectory dir, String name, String requested) {
        boolean link = dir.attributes(name).map(BasicFileAttributes::isSymbolicLink).orElse(false);
        return link ? new ForbiddenException("path goes through a symbolic link; links are not served")
                : new NotFoundException("File not found: " + requested);
    }

    /** The session's workspace directory, opened below the root without following links; empty when missing. */
    private Optional<OpenDirectory> openWorkspace(String userId, UUID sessionId) throws IOException {
        return OpenDirectory.open(root, components(WorkspaceLayout.workspace(root, userId, sessionId)));
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

    boolean exists(String userId, UUID sessionId) {
        return Files.isDirectory(WorkspaceLayout.workspace(root, userId, sessionId), LinkOption.NOFOLLOW_LINKS);
    }

    /** Streams a zip of the visible workspace files (same rules as the tree, no depth limit, links never followed). */
    void zip(String userId, UUID sessionId, OutputStream out) {
        try (ZipOutputStream zip = new ZipOutputStream(out);
                OpenDirectory workspace = openWorkspace(userId, sessionId).orElse(null)) {
            if (workspace != null) {
                zipDirectory(workspace, "", zip);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void zipDirectory(OpenDirectory dir, String prefix, ZipOutputStream zip) throws IOException {
        for (Entry entry : visibleEntries(dir)) {
            String name = prefix + entry.name();
            if (entry.attributes().isDirectory()) {
                try (OpenDirectory child = dir.directory(entry.name()).orElse(null)) {
                    if (child != null) {
                        zipDirectory(child, name + "/", zip);
                    }
                }
                continue;
            }
            try (OpenedFile file = dir.file(entry.name()).orElse(null)) {
                if (file != null) {
                    zip.putNextEntry(new ZipEntry(name));
                    Channels.newInputStream(file.channel()).transferTo(zip);
                    zip.closeEntry();
                }
            }
        }
    }
}
