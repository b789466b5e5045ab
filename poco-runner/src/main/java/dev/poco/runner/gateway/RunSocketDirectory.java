package dev.poco.runner.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's directory for a Unix socket the sandbox reaches through a read-only bind: the model gateway's and the
 * egress gate's. The parent is created if missing, must belong to the runner and is set to 0711, so other local users
 * cannot list the runs' directories; each run's directory has a random name and mode 0755.
 */
public final class RunSocketDirectory {

    private static final Logger log = LoggerFactory.getLogger(RunSocketDirectory.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    private RunSocketDirectory() {}

    /**
     * A new, random directory below {@code socketDir} for a socket named {@code socketName}.
     *
     * @throws IOException if it cannot be created, or the socket path would be too long for a Unix socket
     */
    public static Path create(Path socketDir, String socketName) throws IOException {
        Path runDirectory = socketDir.toAbsolutePath().normalize()
                .resolve(HexFormat.of().toHexDigits(RANDOM.nextLong()));
        Path socket = runDirectory.resolve(socketName);
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new IOException("socket path too long for a Unix socket (" + socket
                    + "); configure a shorter socket directory");
        }
        try {
            prepareParent(socketDir);
            Files.createDirectory(runDirectory);
            Files.setPosixFilePermissions(runDirectory, PosixFilePermissions.fromString("rwxr-xr-x"));
            return runDirectory;
        } catch (IOException e) {
            deleteQuietly(runDirectory);
            throw e;
        }
    }

    /** Deletes {@code files} in {@code runDirectory}, then the directory; logs what cannot be deleted. */
    public static void delete(Path runDirectory, String... files) {
        for (String file : files) {
            deleteQuietly(runDirectory.resolve(file));
        }
        deleteQuietly(runDirectory);
    }

    private static void prepareParent(Path socketDir) throws IOException {
        Files.createDirectories(socketDir);
        if (Files.isSymbolicLink(socketDir)) {
            throw new IOException(socketDir + " is a symbolic link");
        }
        int owner = (Integer) Files.getAttribute(socketDir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) {
            throw new IOException(socketDir + " belongs to another user");
        }
        Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwx--x--x"));
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", path, e.toString());
        }
    }
}
