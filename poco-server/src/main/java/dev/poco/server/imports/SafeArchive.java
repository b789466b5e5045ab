package dev.poco.server.imports;

import dev.poco.server.common.BadRequestException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A zip archive that has passed every check before anything reads it for real: no entry may leave the target
 * ({@code ..}, an absolute or drive path), no entry may be a link, at most {@code POCO_IMPORT_MAX_FILES} files, and at
 * most {@code POCO_IMPORT_MAX_UNCOMPRESSED_MB} bytes once expanded, counted by reading each entry (declared sizes of
 * a crafted zip can lie). A refusal is a BAD_REQUEST naming the offending entry; poco skipped such entries silently,
 * we refuse the archive so the user learns it is unsafe. macOS metadata ({@code __MACOSX/}, {@code .DS_Store}) is
 * skipped, and a single top folder shared by every file is stripped, as poco does.
 */
final class SafeArchive implements Closeable {

    private final ZipFile zip;
    private final List<ArchiveFile> files;
    private final Map<String, ZipArchiveEntry> entries;

    private SafeArchive(ZipFile zip, List<ArchiveFile> files, Map<String, ZipArchiveEntry> entries) {
        this.zip = zip;
        this.files = files;
        this.entries = entries;
    }

    /** Opens and checks {@code file}; closes it again when a check fails. */
    static SafeArchive open(Path file, ImportProperties limits) {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(file).get();
        } catch (IOException e) {
            throw new BadRequestException("The file is not a valid zip archive: " + e.getMessage());
        }
        try {
            return check(zip, limits);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    private static SafeArchive check(ZipFile zip, ImportProperties limits) {
        List<ZipArchiveEntry> kept = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        int fileCount = 0;
        long total = 0;
        for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
            String path = safePath(entry.getName());
            if (entry.isUnixSymlink()) {
                throw refuse("The archive holds a link (" + entry.getName() + "); links are not allowed", entry);
            }
            if (entry.isDirectory()) {
                continue;
            }
            if (++fileCount > limits.maxFiles()) {
                throw new BadRequestException("The archive holds more than " + limits.maxFiles()
                        + " files (POCO_IMPORT_MAX_FILES)", Map.of("max_files", limits.maxFiles()));
            }
            if (!zip.canReadEntryData(entry)) {
                throw refuse("The archive entry " + entry.getName() + " uses a compression method Poco cannot read",
                        entry);
            }
            long size = measure(zip, entry, limits.maxUncompressedBytes() - total, limits);
            total += size;
            if (path.isEmpty() || ignored(path)) {
                continue;
            }
            kept.add(entry);
            paths.add(path);
            sizes.add(size);
        }
        String top = commonTopFolder(paths);
        List<ArchiveFile> files = new ArrayList<>();
        Map<String, ZipArchiveEntry> entries = new java.util.HashMap<>();
        for (int i = 0; i < kept.size(); i++) {
            String path = top == null ? paths.get(i) : paths.get(i).substring(top.length() + 1);
            ZipArchiveEntry entry = kept.get(i);
            files.add(new ArchiveFile(path, entry.getName(), sizes.get(i)));
            entries.put(entry.getName(), entry);
        }
        return new SafeArchive(zip, List.copyOf(files), entries);
    }

    List<ArchiveFile> files() {
        return files;
    }

    /** The bytes of one of {@link #files()}; the caller closes the stream. */
    InputStream open(ArchiveFile file) {
        ZipArchiveEntry entry = entries.get(file.entryName());
        if (entry == null) {
            throw new IllegalArgumentException("Not a file of this archive: " + file.entryName());
        }
        try {
            return zip.getInputStream(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file.entryName(), e);
        }
    }

    /** A small file (a manifest) as UTF-8 text. */
    String readText(ArchiveFile file) {
        try (InputStream in = open(file)) {
            return new String(in.readNBytes(1024 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file.entryName(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    /**
     * The entry's name as a relative path ({@code /} separators, no {@code .} or empty segments), or a refusal when
     * it would leave the target directory.
     */
    static String safePath(String name) {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
            throw new BadRequestException("The archive entry " + name + " has an absolute path; entries must stay"
                    + " inside the archive's folder", Map.of("entry", name));
        }
        if (n.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new BadRequestException("The archive entry " + name.replaceAll("\\p{Cntrl}", "?")
                    + " has control characters in its name", Map.of("entry", name.replaceAll("\\p{Cntrl}", "?")));
        }
        List<String> segments = new ArrayList<>();
        for (String segment : n.split("/")) {
            if (segment.equals("..")) {
                throw new BadRequestException("The archive entry " + name + " escapes the archive's folder (..)",
                        Map.of("entry", name));
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return String.join("/", segments);
    }

    private static long measure(ZipFile zip, ZipArchiveEntry entry, long remaining, ImportProperties limits) {
        if (entry.getSize() > remaining) {
            throw tooBig(limits);
        }
        long read = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = zip.getInputStream(entry)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                read += n;
                if (read > remaining) {
                    throw tooBig(limits);
                }
            }
        } catch (IOException e) {
            throw refuse("The archive entry " + entry.getName() + " is damaged: " + e.getMessage(), entry);
        }
        return read;
    }

    private static boolean ignored(String path) {
        return path.startsWith("__MACOSX/") || path.equals("__MACOSX") || path.equals(".DS_Store")
                || path.endsWith("/.DS_Store");
    }

    private static @org.jspecify.annotations.Nullable String commonTopFolder(List<String> paths) {
        String top = null;
        for (String path : paths) {
            int slash = path.indexOf('/');
            if (slash < 0) {
                return null;
            }
            String first = path.substring(0, slash);
            if (top == null) {
                top = first;
            } else if (!top.equals(first)) {
                return null;
            }
        }
        return top;
    }

    private static BadRequestException tooBig(ImportProperties limits) {
        return new BadRequestException("The archive expands to more than " + limits.maxUncompressedMb()
                + " MB (POCO_IMPORT_MAX_UNCOMPRESSED_MB)",
                Map.of("max_uncompressed_bytes", limits.maxUncompressedBytes()));
    }

    private static BadRequestException refuse(String message, ZipArchiveEntry entry) {
        return new BadRequestException(message, Map.of("entry", entry.getName()));
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // nothing was written; the temporary file is removed by the caller
        }
    }
}
