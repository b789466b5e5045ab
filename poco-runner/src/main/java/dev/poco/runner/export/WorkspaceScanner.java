package dev.poco.runner.export;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.protocol.fs.OpenDirectory;
import dev.poco.protocol.fs.OpenedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Reads a workspace the agent wrote, for export: every regular file below the root except hidden names
 * ({@link WorkspaceLayout#HIDDEN_NAMES}: {@code .git}, {@code .claude_data}, caches…) at any depth. The agent controls
 * these files, so nothing here follows a symbolic link: each step is relative to an open directory descriptor
 * ({@link OpenDirectory}), links, FIFOs and devices are left out, and a link swapped in while this runs makes that
 * one file disappear from the export instead of being followed (issue 9). Names a storage key cannot hold
 * (backslashes, control characters) are left out too.
 */
final class WorkspaceScanner {

    private final Path root;

    /** @param root the workspace directory (trusted: the agent cannot replace it, only what is inside) */
    WorkspaceScanner(Path root) {
        this.root = root;
    }

    /** Every exported file with its size and sha256; empty when the workspace does not exist. */
    List<ScannedFile> scan() throws IOException {
        List<ScannedFile> files = new ArrayList<>();
        Optional<OpenDirectory> opened = OpenDirectory.open(root, List.of());
        if (opened.isEmpty()) {
            return files;
        }
        try (OpenDirectory dir = opened.get()) {
            scan(dir, List.of(), files);
        }
        return files;
    }

    private void scan(OpenDirectory dir, List<String> parent, List<ScannedFile> files) throws IOException {
        for (String name : dir.names()) {
            if (WorkspaceLayout.HIDDEN_NAMES.contains(name) || !exportable(name)) {
                continue;
            }
            Optional<BasicFileAttributes> attributes = dir.attributes(name);
            if (attributes.isEmpty()) {
                continue;
            }
            List<String> components = append(parent, name);
            if (attributes.get().isDirectory()) {
                Optional<OpenDirectory> child = dir.directory(name);
                if (child.isPresent()) {
                    try (OpenDirectory c = child.get()) {
                        scan(c, components, files);
                    }
                }
            } else if (attributes.get().isRegularFile()) {
                Optional<OpenedFile> file = dir.file(name);
                if (file.isPresent()) {
                    try (OpenedFile f = file.get()) {
                        files.add(new ScannedFile(components, f.size(), sha256(f),
                                attributes.get().lastModifiedTime().toInstant()));
                    }
                }
            }
        }
    }

    /**
     * Opens a scanned file again, the same way (descriptors, no links), for upload or the archive: exactly
     * {@code file.size()} bytes, or an {@link IOException} when it is gone, shorter, or no longer a plain file.
     */
    InputStream open(ScannedFile file) throws IOException {
        List<String> components = file.components();
        Optional<OpenDirectory> parent = OpenDirectory.open(root, components.subList(0, components.size() - 1));
        if (parent.isEmpty()) {
            throw new IOException("Workspace file " + file.path() + " is gone");
        }
        OpenedFile opened;
        try (OpenDirectory dir = parent.get()) {
            opened = dir.file(components.getLast())
                    .orElseThrow(() -> new IOException("Workspace file " + file.path() + " is gone"));
        }
        if (opened.size() < file.size()) {
            opened.close();
            throw new IOException("Workspace file " + file.path() + " shrank while it was exported");
        }
        return new BoundedInputStream(Channels.newInputStream(opened.channel()), file.size());
    }

    private static String sha256(OpenedFile file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            new BoundedInputStream(Channels.newInputStream(file.channel()), file.size()).transferTo(sink);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** What a storage key can hold: no backslash, no control character. */
    private static boolean exportable(String name) {
        return name.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '\\');
    }

    private static List<String> append(List<String> parent, String name) {
        List<String> list = new ArrayList<>(parent);
        list.add(name);
        return List.copyOf(list);
    }
}
