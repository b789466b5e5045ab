package dev.poco.runner.capabilities;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks a skill or plugin package (a zip from the server) with the same rules the server's import applies: an
 * entry that escapes the target ({@code ..}, an absolute path, a drive letter), a link, too many files or too many
 * bytes (counted while copying, never trusting the sizes the archive claims) refuses the whole package. When every
 * entry sits below one top-level folder, that folder is stripped (GitHub's archives, poco's import). Files get mode
 * 0644 (0755 when the archive marks them executable), folders 0755.
 *
 * <p>Commons Compress reads the central directory, where a zip keeps the Unix file type: {@code java.util.zip}
 * cannot tell a link entry from a file.
 */
final class PackageArchive {

    /** poco's import limits (reference poco-backend-api.md §3.13). */
    record Limits(int maxFiles, long maxBytes) {
        static final Limits SKILL = new Limits(5_000, 500L << 20);
        static final Limits PLUGIN = new Limits(10_000, 800L << 20);
    }

    private PackageArchive() {}

    /**
     * Copies {@code download} to {@code zip} (at most {@code limits.maxBytes()}), then unpacks it into {@code target},
     * which must not exist yet and whose parent is a real directory no sandbox writes to meanwhile.
     *
     * @param what the package for messages, e.g. {@code skill 'pdf'}
     * @throws CapabilityException the package breaks a rule
     */
    static void unpack(InputStream download, Path zip, Path target, Limits limits, String what) throws IOException {
        try (InputStream in = download; OutputStream out = Files.newOutputStream(zip, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            copy(in, out, limits.maxBytes(), limits, what);
        }
        try (ZipFile archive = ZipFile.builder().setPath(zip).get()) {
            List<ZipArchiveEntry> entries = Collections.list(archive.getEntriesInPhysicalOrder());
            List<Entry> checked = new ArrayList<>();
            for (ZipArchiveEntry entry : entries) {
                check(entry, what).ifPresent(path -> checked.add(new Entry(entry, path)));
            }
            long files = checked.stream().filter(e -> !e.zip().isDirectory()).count();
            if (files > limits.maxFiles()) {
                throw new CapabilityException("The " + what + " package has " + files + " files, more than "
                        + limits.maxFiles());
            }
            String strip = sharedTopFolder(checked);
            Files.createDirectory(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwxr-xr-x")));
            long budget = limits.maxBytes();
            for (Entry entry : checked) {
                String relative = entry.path().substring(strip.length());
                if (relative.isEmpty()) {
                    continue;
                }
                Path destination = target.resolve(relative);
                if (entry.zip().isDirectory()) {
                    directories(target, destination);
                    continue;
                }
                directories(target, Objects.requireNonNull(destination.getParent()));
                try (InputStream in = archive.getInputStream(entry.zip());
                        OutputStream out = Files.newOutputStream(destination, StandardOpenOption.CREATE_NEW,
                                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    budget -= copy(in, out, budget, limits, what);
                }
                boolean executable = (entry.zip().getUnixMode() & 0100) != 0;
                Files.setPosixFilePermissions(destination, PosixFilePermissions.fromString(executable ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
    }

    private record Entry(ZipArchiveEntry zip, String path) {}

    /** The entry's normalised relative path ({@code a/b}), empty for entries to skip; throws for hostile ones. */
    private static Optional<String> check(ZipArchiveEntry entry, String what) {
        String name = entry.getName().replace('\\', '/');
        if (entry.isUnixSymlink()) {
            throw new CapabilityException("The " + what + " package holds a link (" + name + "); links are refused");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*") || name.indexOf('\0') >= 0) {
            throw new CapabilityException("The " + what + " package holds an absolute path (" + name + ")");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new CapabilityException("The " + what + " package holds a path that leaves its folder ("
                        + name + ")");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        if (parts.isEmpty() || parts.getFirst().equals("__MACOSX") || parts.getLast().equals(".DS_Store")) {
            return Optional.empty();
        }
        return Optional.of(String.join("/", parts) + (entry.isDirectory() ? "/" : ""));
    }

    /** {@code "top/"} when every entry is below the one folder {@code top}, else {@code ""}. */
    private static String sharedTopFolder(List<Entry> entries) {
        String top = null;
        for (Entry entry : entries) {
            int slash = entry.path().indexOf('/');
            if (slash < 0 || (slash == entry.path().length() - 1 && !entry.zip().isDirectory())) {
                return "";
            }
            String first = entry.path().substring(0, slash + 1);
            if (top == null) {
                top = first;
            } else if (!top.equals(first)) {
                return "";
            }
        }
        return top == null ? "" : top;
    }

    private static void directories(Path root, Path dir) throws IOException {
        if (dir.equals(root) || Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        directories(root, Objects.requireNonNull(dir.getParent()));
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rwxr-xr-x")));
    }

    /** Copies at most {@code budget} bytes; more fails the package. Returns the bytes copied. */
    private static long copy(InputStream in, OutputStream out, long budget, Limits limits, String what)
            throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            copied += n;
            if (copied > budget) {
                throw new CapabilityException("The " + what + " package is larger than " + (limits.maxBytes() >> 20)
                        + " MiB");
            }
            out.write(buffer, 0, n);
        }
        return copied;
    }
}
