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
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Service;

/**
 * Lists and resolves files of a session workspace. Hidden from users: poco's ignore list
 * ({@code .git}, {@code node_modules}, caches…) and the agent's own {@code .claude_data}
 * (transcripts, settings); symbolic links are never followed.
 */
@Service
public class WorkspaceFiles {

    static final Set<String> IGNORED = Set.of(".git", ".hg", ".svn", ".DS_Store", "__pycache__", ".pytest_cache",
            ".mypy_cache", ".ruff_cache", "node_modules", ".venv", "venv", ".next", "dist", "build",
            WorkspaceLayout.CLAUDE_DATA_DIR, ".claude");

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
        Path workspace = WorkspaceLayout.workspace(root, userId, sessionId);
        if (!Files.isDirectory(workspace, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        int[] budget = {properties.maxEntries()};
        return children(workspace, workspace, sessionId, 1, budget);
    }

    private List<FileNode> children(Path workspace, Path dir, UUID sessionId, int depth, int[] budget) {
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.filter(p -> !IGNORED.contains(p.getFileName().toString()))
                    .filter(p -> !Files.isSymbolicLink(p))
                    .sorted(Comparator.<Path, Boolean>comparing(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                            .thenComparing(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
        List<FileNode> nodes = new ArrayList<>();
        for (Path entry : entries) {
            if (budget[0]-- <= 0) {
                break;
            }
            String rel = "/" + workspace.relativize(entry).toString().replace('\\', '/');
            String name = entry.getFileName().toString();
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                List<FileNode> kids = depth < properties.maxDepth()
                        ? children(workspace, entry, sessionId, depth + 1, budget) : List.of();
                if (depth == 1 && name.equals(WorkspaceLayout.INPUTS_DIR) && kids.isEmpty()) {
                    continue; // the attachments folder every workspace has; noise while empty
                }
                nodes.add(new FileNode(rel, name, "folder", rel, kids, null, null, null, null, null));
            } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                long size;
                try {
                    size = Files.size(entry);
                } catch (IOException e) {
                    continue;
                }
                nodes.add(new FileNode(rel, name, "file", rel, null, rawUrl(sessionId, rel), MimeTypes.of(name),
                        null, null, size));
            }
        }
        return nodes;
    }

    static String rawUrl(UUID sessionId, String rel) {
        return "/api/v1/sessions/" + sessionId + "/workspace/raw?path=" + URLEncoder.encode(rel, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("%2F", "/");
    }

    /**
     * The file a user-supplied path names, refusing anything that leaves the workspace: {@code ..}
     * segments, hidden or ignored parts, and symbolic links anywhere on the way.
     */
    Path resolve(String userId, UUID sessionId, String requested) {
        if (requested.isBlank() || requested.indexOf('\0') >= 0 || requested.indexOf('\\') >= 0) {
            throw new BadRequestException("path is not a valid workspace path");
        }
        Path workspace = WorkspaceLayout.workspace(root, userId, sessionId);
        String rel = requested.startsWith("/") ? requested.substring(1) : requested;
        Path current = workspace;
        for (String part : rel.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new BadRequestException("path must stay inside the workspace (\"..\" is not allowed)");
            }
            if (IGNORED.contains(part)) {
                throw new NotFoundException("File not found: " + requested);
            }
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw new ForbiddenException("path goes through a symbolic link; links are not served");
            }
        }
        if (!current.normalize().startsWith(workspace.normalize())) {
            throw new BadRequestException("path must stay inside the workspace");
        }
        if (!Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotFoundException("File not found: " + requested);
        }
        return current;
    }

    boolean exists(String userId, UUID sessionId) {
        return Files.isDirectory(WorkspaceLayout.workspace(root, userId, sessionId), LinkOption.NOFOLLOW_LINKS);
    }

    /** Streams a zip of the visible workspace files (same rules as the tree, no depth limit). */
    void zip(String userId, UUID sessionId, OutputStream out) {
        Path workspace = WorkspaceLayout.workspace(root, userId, sessionId);
        try (ZipOutputStream zip = new ZipOutputStream(out); Stream<Path> walk = Files.walk(workspace)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = workspace.relativize(p);
                boolean hidden = false;
                for (Path part : rel) {
                    hidden |= IGNORED.contains(part.toString());
                }
                if (hidden || Files.isSymbolicLink(p) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry(rel.toString().replace('\\', '/')));
                Files.copy(p, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
