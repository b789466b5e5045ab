package dev.poco.runner.workspace;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.protocol.spec.InputFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * poco's attachment stager, without URL cloning: writes a run's {@link InputFile.Attachment}s into {@code inputs/} and
 * only lists its {@link InputFile.Url}s (reading poco's JSON shapes is {@code ConfigSnapshotReader}'s job). Writes go
 * through a {@link SecureDirectoryStream} opened without following links, into a temporary file that is then renamed
 * over the target, so a link the agent left in {@code inputs/} (or {@code inputs} itself being a link) can never
 * redirect a host write.
 */
final class InputStager {

    static final int MAX_NAME_CHARS = 200;
    static final String FALLBACK_NAME = "file";

    private static final Logger log = LoggerFactory.getLogger(InputStager.class);
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<OpenOption> CREATE =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    List<StagedInput> stage(SessionWorkspace ws, List<InputFile> inputFiles, InputFetcher fetcher) {
        if (inputFiles.isEmpty()) {
            return List.of();
        }
        List<StagedInput> result = new ArrayList<>();
        try (SecureDirectoryStream<Path> inputs = openInputs(ws)) {
            Set<String> used = new HashSet<>();
            for (InputFile file : inputFiles) {
                switch (file) {
                    case InputFile.Url url -> {
                        String label = url.name().isBlank() ? "url" : url.name();
                        log.info("Input {} not staged: the runner fetches only uploaded files ({})", label, url.url());
                        result.add(new StagedInput(label, url.url(), -1));
                    }
                    case InputFile.Attachment attachment -> {
                        String givenName = givenName(attachment);
                        String source = attachment.source();
                        if (source.isBlank()) {
                            throw new WorkspaceException("input file " + (givenName == null ? attachment : givenName)
                                    + " has no source to download it from");
                        }
                        String name = uniqueName(inputs, safeName(givenName != null ? givenName : source), used);
                        long size = write(inputs, name, source, fetcher);
                        result.add(new StagedInput(name, "/workspace/" + WorkspaceLayout.INPUTS_DIR + "/" + name,
                                size));
                    }
                }
            }
        } catch (IOException e) {
            throw new WorkspaceException("cannot stage input files into " + ws.inputs() + ": " + e, e);
        }
        return List.copyOf(result);
    }

    /** The attachment's name, else its id (poco named unnamed uploads by id), else null. */
    private static @Nullable String givenName(InputFile.Attachment attachment) {
        if (!attachment.name().isBlank()) {
            return attachment.name();
        }
        String id = attachment.id();
        return id != null && !id.isBlank() ? id : null;
    }

    /**
     * The last path segment of {@code raw} with every character outside {@code [A-Za-z0-9._ -]} replaced by {@code
     * _}, trimmed, at most {@value #MAX_NAME_CHARS} characters (the extension kept); {@value #FALLBACK_NAME} when
     * nothing usable is left or only dots (so never {@code .} or {@code ..}).
     */
    static String safeName(String raw) {
        String last = "";
        for (String segment : raw.replace('\\', '/').split("/")) {
            if (!segment.isBlank()) {
                last = segment;
            }
        }
        StringBuilder safe = new StringBuilder();
        last.codePoints().forEach(c -> safe.append(allowed(c) ? (char) c : '_'));
        String name = safe.toString().strip();
        if (name.chars().allMatch(c -> c == '.')) {
            return FALLBACK_NAME;
        }
        if (name.length() > MAX_NAME_CHARS) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
            name = name.substring(0, MAX_NAME_CHARS - extension.length()) + extension;
        }
        return name;
    }

    /** {@code name}, or {@code stem-2.ext}, {@code stem-3.ext}... when used in this batch or a directory there. */
    private static String uniqueName(SecureDirectoryStream<Path> dir, String name, Set<String> used)
            throws IOException {
        String candidate = name;
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; used.contains(candidate) || isDirectory(dir, candidate); n++) {
            candidate = stem + "-" + n + extension;
        }
        used.add(candidate);
        return candidate;
    }

    private static long write(SecureDirectoryStream<Path> dir, String name, String source, InputFetcher fetcher) {
        Path temp = Path.of(".poco-staging-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        try {
            long size;
            try (InputStream in = fetcher.open(source);
                    SeekableByteChannel channel = dir.newByteChannel(temp, CREATE,
                            PosixFilePermissions.asFileAttribute(FILE_MODE));
                    OutputStream out = Channels.newOutputStream(channel)) {
                size = in.transferTo(out);
            }
            // The mode at creation is cut by the umask; the agent must be able to read what it is given.
            dir.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(FILE_MODE);
            dir.move(temp, dir, Path.of(name)); // rename(2): replaces a file or a link, never writes through one
            return size;
        } catch (IOException e) {
            deleteQuietly(dir, temp);
            throw new WorkspaceException("cannot stage input " + name + " from " + source + ": " + e, e);
        }
    }

    private static SecureDirectoryStream<Path> openInputs(SessionWorkspace ws) throws IOException {
        HostFiles.ensureRealDirectory(ws.inputs(), "rwxr-xr-x");
        DirectoryStream<Path> stream = Files.newDirectoryStream(ws.workspace());
        if (!(stream instanceof SecureDirectoryStream<Path> workspace)) {
            stream.close();
            throw new WorkspaceException("this platform cannot open directories without following links, so input"
                    + " files cannot be staged safely into " + ws.inputs());
        }
        try (workspace) {
            return workspace.newDirectoryStream(Path.of(WorkspaceLayout.INPUTS_DIR), LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static boolean isDirectory(SecureDirectoryStream<Path> dir, String name) throws IOException {
        try {
            return dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes().isDirectory();
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static void deleteQuietly(SecureDirectoryStream<Path> dir, Path file) {
        try {
            dir.deleteFile(file);
        } catch (IOException e) {
            log.debug("temporary input {} not removed: {}", file, e.toString());
        }
    }

    private static boolean allowed(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                || c == ' ' || c == '-';
    }
}
