package dev.poco.server.workspace;

import dev.poco.protocol.fs.OpenDirectory;
import dev.poco.protocol.fs.OpenedFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one directory tree of a session (its workspace, its agent home) into a new session's directory. The source
 * belongs to an agent, so it is read like every other workspace read: through directory descriptors, never following
 * a link ({@link OpenDirectory}). Links are copied as links (their text, which nothing on the server follows);
 * FIFOs, sockets and devices are left out. Owner, group, permissions and modification times are kept, so the
 * branch's agent (an unprivileged host user) can go on writing what it wrote before. The target is a directory
 * nobody else knows yet, so it is written by path.
 */
final class SessionDirectoryCopy {

    private static final Logger log = LoggerFactory.getLogger(SessionDirectoryCopy.class);

    private SessionDirectoryCopy() {}

    /** Copies the contents of {@code source} (opened without following links) into the existing {@code target}. */
    static void copy(OpenDirectory source, Path sourcePath, Path target) throws IOException {
        copy(source, sourcePath, target, name -> true);
    }

    /** Like {@link #copy(OpenDirectory, Path, Path)}, for the entries of {@code source} that {@code include} names. */
    static void copy(OpenDirectory source, Path sourcePath, Path target, Predicate<String> include)
            throws IOException {
        for (String name : source.names()) {
            if (!include.test(name)) {
                continue;
            }
            Optional<BasicFileAttributes> found = source.attributes(name);
            if (found.isEmpty()) {
                continue; // gone meanwhile
            }
            BasicFileAttributes attributes = found.get();
            Path to = target.resolve(name);
            if (attributes.isDirectory()) {
                Optional<OpenDirectory> child = source.directory(name);
                if (child.isEmpty()) {
                    continue; // swapped for something else meanwhile
                }
                try (OpenDirectory dir = child.get()) {
                    Files.createDirectory(to);
                    copy(dir, sourcePath.resolve(name), to);
                }
            } else if (attributes.isRegularFile()) {
                Optional<OpenedFile> opened = source.file(name);
                if (opened.isEmpty()) {
                    continue;
                }
                try (OpenedFile file = opened.get();
                        OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW)) {
                    Channels.newInputStream(file.channel()).transferTo(out);
                }
            } else if (attributes.isSymbolicLink()) {
                // readlink(2) reads the link itself; at worst a swapped parent yields another link's text
                Files.createSymbolicLink(to, Files.readSymbolicLink(sourcePath.resolve(name)));
            } else {
                continue;
            }
            keepOwnershipAndMode(source.posixAttributes(name), attributes, to);
        }
    }

    private static void keepOwnershipAndMode(Optional<PosixFileAttributes> posix, BasicFileAttributes basic, Path to)
            throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (posix.isPresent()) {
            try {
                view.setOwner(posix.get().owner());
                view.setGroup(posix.get().group());
            } catch (IOException e) {
                // not root: the copy stays ours, and the runner hands the workspace to its sandbox user at the next run
                log.debug("Cannot keep the owner of {}: {}", to, e.toString());
            }
            if (!basic.isSymbolicLink()) {
                view.setPermissions(posix.get().permissions());
            }
        }
        if (!basic.isSymbolicLink()) {
            FileTime modified = basic.lastModifiedTime();
            view.setTimes(modified, null, null);
        }
    }

    /** Removes a partial copy (ours alone, so by path; links are removed, not followed). */
    static void deleteQuietly(Path target) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(target)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("Cannot remove {} of a failed workspace copy: {}", p, e.toString());
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            log.warn("Cannot remove the failed workspace copy {}: {}", target, e.toString());
        }
    }
}
