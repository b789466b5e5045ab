package dev.poco.runner.export;

import dev.poco.protocol.fs.OpenDirectory;
import dev.poco.protocol.fs.OpenedFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * The whole workspace of a session as one gzip'd tar (issue 18): unlike the export, it keeps the git history
 * ({@code .git}: the run snapshots and their tags) and the agent's {@code .claude_data} (the transcript {@code claude
 * --resume} reads), so that another runner can continue the session. Regenerable caches ({@link #SKIPPED}) are left
 * out. Files keep their permission bits and modification time; symbolic links are kept as links.
 *
 * <p>Writing walks directory descriptors and never follows a link (the agent controls the files, as for the export:
 * {@link WorkspaceScanner}). Extracting trusts nothing in the archive either: names must stay below the target, only
 * directories, regular files and links are created, a link is always a leaf (nothing is ever written through one: an
 * entry below a link or below anything that is not a directory this extraction created is refused), set-id bits are
 * dropped, and the bytes written are capped.
 */
public final class WorkspaceStateArchive {

    /** Left out at any depth: caches that the tools rebuild, often larger than everything else. */
    public static final Set<String> SKIPPED = Set.of("node_modules", ".venv", "venv", "__pycache__", ".pytest_cache",
            ".mypy_cache", ".ruff_cache", ".next", ".DS_Store");

    private WorkspaceStateArchive() {}

    /** What {@link #write} put in the archive. */
    public record Written(int files, long bytes) {}

    /**
     * Writes the workspace {@code root} to {@code archive} (replaced). Files that vanish while this runs are left out.
     *
     * @throws IOException when the archive cannot be written
     */
    public static Written write(Path root, Path archive) throws IOException {
        GzipParameters gzip = new GzipParameters();
        gzip.setCompressionLevel(Deflater.BEST_SPEED); // .git objects are compressed already
        int[] files = {0};
        long[] bytes = {0};
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive));
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out, gzip);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Optional<OpenDirectory> opened = OpenDirectory.open(root, List.of());
            if (opened.isPresent()) {
                try (OpenDirectory dir = opened.get()) {
                    write(root, dir, List.of(), tar, files, bytes);
                }
            }
            tar.finish();
        }
        return new Written(files[0], bytes[0]);
    }

    private static void write(Path root, OpenDirectory dir, List<String> parent, TarArchiveOutputStream tar,
            int[] files, long[] bytes) throws IOException {
        for (String name : dir.names()) {
            if (SKIPPED.contains(name)) {
                continue;
            }
            Optional<BasicFileAttributes> attributes = dir.attributes(name);
            if (attributes.isEmpty()) {
                continue;
            }
            List<String> components = new ArrayList<>(parent);
            components.add(name);
            String path = String.join("/", components);
            int mode = dir.posixAttributes(name).map(WorkspaceStateArchive::mode).orElse(0644);
            BasicFileAttributes a = attributes.get();
            if (a.isDirectory()) {
                Optional<OpenDirectory> child = dir.directory(name);
                if (child.isEmpty()) {
                    continue;
                }
                TarArchiveEntry entry = new TarArchiveEntry(path + "/");
                entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | mode);
                entry.setModTime(a.lastModifiedTime());
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
                try (OpenDirectory c = child.get()) {
                    write(root, c, components, tar, files, bytes);
                }
            } else if (a.isRegularFile()) {
                Optional<OpenedFile> file = dir.file(name);
                if (file.isEmpty()) {
                    continue;
                }
                try (OpenedFile f = file.get()) {
                    TarArchiveEntry entry = new TarArchiveEntry(path);
                    entry.setSize(f.size());
                    entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode);
                    entry.setModTime(a.lastModifiedTime());
                    tar.putArchiveEntry(entry);
                    try (InputStream in = new BoundedInputStream(Channels.newInputStream(f.channel()), f.size())) {
                        in.transferTo(tar);
                    }
                    tar.closeArchiveEntry();
                    files[0]++;
                    bytes[0] += f.size();
                }
            } else if (a.isSymbolicLink()) {
                Path link = root.resolve(path);
                String target;
                try {
                    target = Files.readSymbolicLink(link).toString();
                } catch (IOException e) {
                    continue; // gone since it was listed
                }
                TarArchiveEntry entry = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
                entry.setLinkName(target);
                entry.setModTime(a.lastModifiedTime());
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            // FIFOs, sockets and devices are not state
        }
    }

    /**
     * Extracts an archive {@link #write} made into {@code target}, which must not exist yet (its parent must).
     *
     * @param maxBytes the most file bytes to write; a larger archive fails
     * @throws IOException when the archive is damaged or refused (the message says which entry and why), too large,
     *     or a file cannot be written; {@code target} may then hold part of it and is the caller's to delete
     */
    public static Written extract(InputStream archive, Path target, long maxBytes) throws IOException {
        Files.createDirectory(target);
        Path root = target.toAbsolutePath().normalize();
        Set<Path> directories = new HashSet<>();
        directories.add(root);
        int files = 0;
        long bytes = 0;
        try (InputStream gz = new GzipCompressorInputStream(new BufferedInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = resolve(root, entry.getName());
                if (path.equals(root)) {
                    continue;
                }
                Path parent = path.getParent();
                if (!directories.contains(parent)) {
                    throw new IOException("The workspace state puts " + entry.getName()
                            + " below something that is not one of its directories");
                }
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("The workspace state holds " + entry.getName() + " twice");
                }
                int mode = entry.getMode() & 0777;
                if (entry.isDirectory()) {
                    Files.createDirectory(path);
                    Files.setPosixFilePermissions(path, permissions(mode | 0700));
                    directories.add(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.getLinkFlag() == TarArchiveEntry.LF_NORMAL
                        || entry.getLinkFlag() == TarArchiveEntry.LF_OLDNORM) {
                    bytes += entry.getSize();
                    if (bytes > maxBytes) {
                        throw new IOException("The workspace state holds more than " + maxBytes + " bytes of files");
                    }
                    try (OutputStream out = Files.newOutputStream(path, java.nio.file.StandardOpenOption.CREATE_NEW,
                            java.nio.file.StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        long copied = tar.transferTo(out);
                        if (copied != entry.getSize()) {
                            throw new IOException("The workspace state's " + entry.getName() + " is cut short");
                        }
                    }
                    Files.setPosixFilePermissions(path, permissions(mode | 0600));
                    Files.setLastModifiedTime(path, entry.getLastModifiedTime());
                    files++;
                } else {
                    throw new IOException("The workspace state holds " + entry.getName()
                            + ", which is neither a file, a directory nor a link");
                }
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("The workspace state holds " + e.getFile() + " twice", e);
        }
        return new Written(files, bytes);
    }

    /** {@code name} below {@code root}; refuses absolute names and any that climb out. */
    private static Path resolve(Path root, String name) throws IOException {
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (trimmed.isEmpty() || trimmed.startsWith("/") || trimmed.indexOf('\0') >= 0 || trimmed.contains("\\")) {
            throw new IOException("The workspace state holds a bad name: " + name);
        }
        Path path = root.resolve(trimmed).normalize();
        if (!path.startsWith(root) || !path.toString().equals(root + "/" + trimmed)) {
            throw new IOException("The workspace state holds a name that leaves the workspace: " + name);
        }
        return path;
    }

    private static int mode(PosixFileAttributes attributes) {
        int mode = 0;
        for (PosixFilePermission p : attributes.permissions()) {
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - p.ordinal()))) != 0) {
                set.add(p);
            }
        }
        return set;
    }
}
