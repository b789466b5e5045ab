package dev.poco.runner.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Host-side directory handling that never follows a link the agent may have planted in its workspace. */
final class HostFiles {

    private static final Logger log = LoggerFactory.getLogger(HostFiles.class);

    private HostFiles() {
    }

    /**
     * Creates {@code dir} (and missing parents) with {@code mode} unless it exists; an existing directory keeps its
     * mode. For runner-owned paths that no sandbox can replace.
     */
    static void createDirectory(Path dir, String mode) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
    }

    /**
     * Makes {@code dir}, an entry of the agent-written workspace, a real directory: a symbolic link or a file the
     * agent put in its place is removed first (the link itself, never its target). Callers run this while no agent
     * sandbox of the session runs, so nothing can swap the entry between the check and the use.
     */
    static void ensureRealDirectory(Path dir, String mode) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            log.warn("{} is not a directory (a link or a file, left by the agent); replacing it", dir);
            Files.delete(dir);
        }
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
    }
}
