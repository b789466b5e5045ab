package dev.poco.protocol.fs;

import java.io.Closeable;
import java.io.IOException;
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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A directory held open by its descriptor: every lookup, listing and open below it is relative to that descriptor
 * ({@code openat}/{@code fstatat} through {@link SecureDirectoryStream}) and never follows a symbolic link. Checking
 * a path and then opening it by name lets the agent swap a component for a link in between (issue 9: the runner
 * token leaked in 9 of 5,593 reads while a link was swapped); walking descriptors leaves no such window, because a
 * link met at any component fails the open instead of being followed.
 *
 * <p>What is not covered: a regular file swapped for a FIFO between the type check and the open makes that one read
 * wait for a writer (Java cannot open with {@code O_NONBLOCK}); it leaks nothing.
 *
 * <p>Not thread-safe; close it (it owns one descriptor).
 */
public final class OpenDirectory implements Closeable {

    private static final Set<OpenOption> READ_NO_FOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private final SecureDirectoryStream<Path> dir;
    private boolean listed;

    private OpenDirectory(SecureDirectoryStream<Path> dir) {
        this.dir = dir;
    }

    /**
     * Opens {@code trustedRoot} (configuration, links allowed) and then each of {@code components} below it without
     * following links. Empty when a component is missing, a link or not a directory.
     */
    public static Optional<OpenDirectory> open(Path trustedRoot, List<String> components) throws IOException {
        DirectoryStream<Path> stream;
        try {
            stream = Files.newDirectoryStream(trustedRoot);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
            stream.close();
            throw new IOException("This platform cannot open files relative to a directory descriptor"
                    + " (no SecureDirectoryStream); workspace files cannot be served safely");
        }
        OpenDirectory current = new OpenDirectory(secure);
        for (String name : components) {
            Optional<OpenDirectory> next;
            try (OpenDirectory parent = current) {
                next = parent.directory(name);
            }
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next.get();
        }
        return Optional.of(current);
    }

    /** The attributes of the entry itself (a link is reported as a link); empty when there is no such entry. */
    public Optional<BasicFileAttributes> attributes(String name) {
        try {
            return Optional.of(dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Owner, group and permissions of the entry itself (not of a link's target); empty when there is none. */
    public Optional<PosixFileAttributes> posixAttributes(String name) {
        try {
            return Optional.of(dir.getFileAttributeView(Path.of(name), PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** The child directory, opened without following a link; empty when it is missing, a link or not a directory. */
    public Optional<OpenDirectory> directory(String name) {
        try {
            return Optional.of(new OpenDirectory(
                    (SecureDirectoryStream<Path>) dir.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS)));
        } catch (IOException e) {
            // ELOOP (a link), ENOTDIR, ENOENT, EACCES: none of them is a directory we may enter
            return Optional.empty();
        }
    }

    /**
     * The regular file {@code name}, opened for reading without following a link, or empty when it is not one. The
     * size is taken from the opened descriptor, so it describes what will be read.
     */
    public Optional<OpenedFile> file(String name) {
        if (!attributes(name).map(BasicFileAttributes::isRegularFile).orElse(false)) {
            return Optional.empty(); // no open at all for FIFOs, devices, directories and links
        }
        SeekableByteChannel channel;
        try {
            channel = dir.newByteChannel(Path.of(name), READ_NO_FOLLOW);
        } catch (IOException e) {
            return Optional.empty(); // swapped for a link (ELOOP) or removed since the check
        }
        try {
            return Optional.of(new OpenedFile(name, channel, channel.size()));
        } catch (IOException e) {
            closeQuietly(channel);
            return Optional.empty();
        }
    }

    /** The names in this directory; a directory stream can be listed once. */
    public List<String> names() {
        if (listed) {
            throw new IllegalStateException("already listed");
        }
        listed = true;
        List<String> names = new ArrayList<>();
        for (Path entry : dir) {
            names.add(entry.getFileName().toString());
        }
        return names;
    }

    @Override
    public void close() throws IOException {
        dir.close();
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing was read from it
        }
    }
}
