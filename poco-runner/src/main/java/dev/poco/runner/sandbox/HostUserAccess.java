package dev.poco.runner.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * What running sandboxes as an unprivileged host user needs from the host file system: the writable directories
 * belong to that user, and every path bwrap mounts is reachable by it (bwrap resolves bind sources with the
 * caller's rights, so a CLI under a 0700 {@code /root} cannot be mounted).
 */
final class HostUserAccess {

    private final BubblewrapOptions.HostUser user;

    HostUserAccess(BubblewrapOptions.HostUser user) {
        this.user = user;
    }

    /** Hands {@code dir} and everything below it to the host user; entries already owned by it are left alone. */
    void handOver(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attrs) throws IOException {
                chown(path);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path path, BasicFileAttributes attrs) throws IOException {
                chown(path);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void chown(Path path) throws IOException {
        if (uid(path) != user.uid()) {
            Files.setAttribute(path, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
        }
        if ((Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS) != user.gid()) {
            Files.setAttribute(path, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    /**
     * Says why the host user cannot reach {@code path}: every ancestor must be searchable by it and the
     * path itself readable. Checks owner and "other" bits only, which is what the layouts Poco creates use.
     */
    Optional<String> unreachableReason(Path path) throws IOException {
        Path real = path.toRealPath();
        for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
            if (!allowed(dir, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE)) {
                return Optional.of(dir + " is not searchable by host uid " + user.uid());
            }
        }
        if (!allowed(real, PosixFilePermission.OWNER_READ, PosixFilePermission.OTHERS_READ)) {
            return Optional.of(real + " is not readable by host uid " + user.uid());
        }
        return Optional.empty();
    }

    private boolean allowed(Path path, PosixFilePermission ownerBit, PosixFilePermission otherBit)
            throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
        return perms.contains(otherBit) || (uid(path) == user.uid() && perms.contains(ownerBit));
    }

    private static int uid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }
}
