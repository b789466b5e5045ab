package dev.poco.server.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * An exclusive lock on {@code $POCO_HOME/poco.lock}, held for the life of the process that owns
 * the embedded database. The kernel releases it when the process dies however it dies (even
 * {@code kill -9}), so "the lock is free" reliably means "no Poco is using this home", while
 * files such as PostgreSQL's {@code postmaster.pid} can outlive their owner. The file also names
 * the owner's pid, for the message a second start shows.
 */
final class PocoHomeLock {

    static final String FILE_NAME = "poco.lock";

    private static @Nullable PocoHomeLock held;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private PocoHomeLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code home} for the rest of this process, or throws
     * {@link AnotherPocoRunningException} naming the pid that holds it. Calling it again for the
     * same home in the same process returns the lock already held.
     */
    static synchronized PocoHomeLock acquire(Path home) {
        Path file = home.toAbsolutePath().normalize().resolve(FILE_NAME);
        PocoHomeLock current = held;
        if (current != null && current.file.equals(file)) {
            return current;
        }
        try {
            Files.createDirectories(home);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String owner = readOwner(channel);
                channel.close();
                throw new AnotherPocoRunningException(home, owner);
            }
            String pid = Long.toString(ProcessHandle.current().pid());
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            PocoHomeLock acquired = new PocoHomeLock(file, channel, lock);
            held = acquired;
            return acquired;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the lock file " + file
                    + "; make POCO_HOME writable or set it to another directory", e);
        }
    }

    private static String readOwner(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        return pid.isEmpty() ? "unknown" : pid;
    }

    Path file() {
        return file;
    }

    /** Releases the lock (tests; the product keeps it until the process exits). */
    synchronized void release() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the kernel drops the lock with the descriptor anyway
        }
        synchronized (PocoHomeLock.class) {
            if (held == this) {
                held = null;
            }
        }
    }

    /** A second Poco on the same {@code POCO_HOME}: the message says which process and what to do. */
    static final class AnotherPocoRunningException extends IllegalStateException {
        private final String pid;

        AnotherPocoRunningException(Path home, String pid) {
            super("Another Poco is running with POCO_HOME=" + home.toAbsolutePath().normalize() + " (pid " + pid
                    + "). Stop it first (kill " + pid + "), or start this one with another POCO_HOME.");
            this.pid = pid;
        }

        String pid() {
            return pid;
        }
    }
}
