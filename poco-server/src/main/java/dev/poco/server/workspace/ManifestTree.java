package dev.poco.server.workspace;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.protocol.WorkspaceManifestFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * poco's file tree built from a manifest's flat file list (reference §3.11): folders are implied by paths, siblings
 * sort folders first and then by name ignoring case, hidden names never show. At most {@code maxEntries} nodes, and
 * folders deeper than {@code maxDepth} are listed without their children.
 */
final class ManifestTree {

    private final Folder root = new Folder("", "");
    private final int maxDepth;

    private ManifestTree(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    private static final class Folder {
        final String name;
        final String path;
        final Map<String, Folder> folders = new TreeMap<>();
        final Map<String, WorkspaceManifestFile> files = new TreeMap<>();

        Folder(String name, String path) {
            this.name = name;
            this.path = path;
        }
    }

    /**
     * @param url the URL a file node carries (presigned, or this server's raw endpoint)
     */
    static List<FileNode> of(List<WorkspaceManifestFile> files, int maxDepth, int maxEntries,
            Function<WorkspaceManifestFile, @Nullable String> url) {
        ManifestTree tree = new ManifestTree(maxDepth);
        for (WorkspaceManifestFile file : files) {
            tree.add(file);
        }
        int[] budget = {maxEntries};
        return tree.nodes(tree.root, 1, budget, url);
    }

    private void add(WorkspaceManifestFile file) {
        String[] parts = file.path().split("/");
        Folder folder = root;
        List<String> names = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals(".") || part.equals("..") || WorkspaceLayout.HIDDEN_NAMES.contains(part)) {
                return; // never shown, whatever a manifest says
            }
            names.add(part);
        }
        if (names.isEmpty()) {
            return;
        }
        for (String name : names.subList(0, names.size() - 1)) {
            String path = folder.path + "/" + name;
            folder = folder.folders.computeIfAbsent(name, n -> new Folder(n, path));
        }
        folder.files.put(names.getLast(), file);
    }

    private List<FileNode> nodes(Folder folder, int depth, int[] budget,
            Function<WorkspaceManifestFile, @Nullable String> url) {
        List<FileNode> nodes = new ArrayList<>();
        Comparator<String> byName = Comparator.comparing(n -> n.toLowerCase(Locale.ROOT));
        for (String name : folder.folders.keySet().stream().sorted(byName).toList()) {
            if (budget[0]-- <= 0) {
                return nodes;
            }
            Folder child = Objects.requireNonNull(folder.folders.get(name)); // a key of the map
            List<FileNode> kids = depth < maxDepth ? nodes(child, depth + 1, budget, url) : List.of();
            nodes.add(new FileNode(child.path, name, "folder", child.path, kids, null, null, null, null, null));
        }
        for (String name : folder.files.keySet().stream().sorted(byName).toList()) {
            if (budget[0]-- <= 0) {
                return nodes;
            }
            WorkspaceManifestFile file = Objects.requireNonNull(folder.files.get(name)); // a key of the map
            String path = folder.path + "/" + name;
            Map<String, @Nullable Object> meta = new LinkedHashMap<>();
            meta.put("key", file.key());
            meta.put("size", file.size());
            meta.put("last_modified", file.lastModified());
            meta.put("sha256", file.sha256());
            String mimeType = file.mimeType() != null ? file.mimeType() : MimeTypes.of(name);
            nodes.add(new FileNode(path, name, "file", path, null, url.apply(file), mimeType, file.status(), meta,
                    file.size()));
        }
        return nodes;
    }
}
