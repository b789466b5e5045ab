package dev.poco.runner.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Host file ownership for sandboxes that run as a host uid other than the runner's: the writable directories belong
 * to that uid while its sandboxes run, and go back to the runner afterwards.
 */
final class HostUserAccess {

    private final int runnerUid;
    private final int runnerGid;

    HostUserAccess(int runnerUid, int runnerGid) {
        this.runnerUid = runnerUid;
        this.runnerGid = runnerGid;
    }

    /**
     * Hands {@code dir} and everything below it to {@code uid} (gid the same number) and makes {@code dir} itself
     * mode 0700, so no other sandbox uid can read it. Symbolic links are never followed: the walk does not descend
     * into them and ownership changes apply to the link itself. Entries that already belong to the uid cost one
     * {@code lstat} each. Must run while nothing else writes below {@code dir} (no sandbox of it runs): a path
     * component swapped for a link mid-walk would otherwise be followed.
     */
    void handOver(Path dir, int uid) throws IOException {
        requireRealDirectory(dir);
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attrs) throws IOException {
                chown(path, uid, uid);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path path, BasicFileAttributes attrs) throws IOException {
                chown(path, uid, uid);
                return FileVisitResult.CONTINUE;
            }
        });
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * Takes {@code dir} (the directory only, not its content) back to the runner with mode 0700: once the uid goes
     * to another workspace, that workspace's sandboxes cannot reach into this one even with files inside still
     * owned by the uid. The next {@link #handOver} fixes the content.
     */
    void revoke(Path dir) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            chown(dir, runnerUid, runnerGid);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static void requireRealDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory (or is a symbolic link)");
        }
    }

    private static void chown(Path path, int uid, int gid) throws IOException {
        Map<String, Object> owner = Files.readAttributes(path, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        if (!Integer.valueOf(uid).equals(owner.get("uid"))) {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        }
        if (!Integer.valueOf(gid).equals(owner.get("gid"))) {
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
