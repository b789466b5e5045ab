package dev.poco.runner.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory and process limits through a cgroup v2 group per sandbox: {@code <root>/poco-sandboxes/<id>} with
 * {@code memory.max}, {@code memory.swap.max} and {@code pids.max}. Used only when the hierarchy is v2, offers the
 * memory and pids controllers, and the runner may enable them; otherwise {@link #detect} says why, once, at INFO.
 */
final class CgroupV2 {

    private static final Logger log = LoggerFactory.getLogger(CgroupV2.class);
    private static final AtomicBoolean UNAVAILABLE_LOGGED = new AtomicBoolean();
    private static final String PARENT = "poco-sandboxes";
    private static final List<String> CONTROLLERS = List.of("memory", "pids");

    private final Path parent;

    private CgroupV2(Path parent) {
        this.parent = parent;
    }

    /** The per-sandbox limiter below {@code root}, or empty (and one INFO line per JVM) if it cannot be used. */
    static Optional<CgroupV2> detect(Path root) {
        Path controllersFile = root.resolve("cgroup.controllers");
        if (!Files.isRegularFile(controllersFile)) {
            return unavailable("no cgroup v2 hierarchy at " + root + " (cgroup v1 or hybrid host)");
        }
        try {
            List<String> offered = List.of(Files.readString(controllersFile).trim().split("\\s+"));
            if (!offered.containsAll(CONTROLLERS)) {
                return unavailable("cgroup v2 at " + root + " offers only " + offered);
            }
            Path parent = root.resolve(PARENT);
            enable(root);
            Files.createDirectories(parent);
            enable(parent);
            return Optional.of(new CgroupV2(parent));
        } catch (IOException | RuntimeException e) {
            return unavailable("cannot manage cgroup v2 at " + root + ": " + e);
        }
    }

    private static Optional<CgroupV2> unavailable(String reason) {
        if (UNAVAILABLE_LOGGED.compareAndSet(false, true)) {
            log.info("Sandbox memory is not limited on this kernel/container: {}. Process, file-size and open-file"
                    + " limits still apply through rlimits.", reason);
        }
        return Optional.empty();
    }

    private static void enable(Path group) throws IOException {
        Path control = group.resolve("cgroup.subtree_control");
        String enabled = Files.isRegularFile(control) ? Files.readString(control) : "";
        for (String controller : CONTROLLERS) {
            if (!List.of(enabled.trim().split("\\s+")).contains(controller)) {
                Files.writeString(control, "+" + controller);
            }
        }
    }

    /** Creates the group of one sandbox with its limits; the launcher enters it through {@link Group#procs()}. */
    Group create(String sandboxId, SandboxLimits limits) throws IOException {
        Path dir = parent.resolve(sandboxId);
        Files.createDirectory(dir);
        try {
            Files.writeString(dir.resolve("memory.max"), Long.toString(limits.memoryBytes()));
            Files.writeString(dir.resolve("pids.max"), Integer.toString(limits.maxProcesses()));
            writeOptional(dir.resolve("memory.swap.max"), "0");
            return new Group(dir);
        } catch (IOException e) {
            new Group(dir).remove();
            throw e;
        }
    }

    private static void writeOptional(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            log.debug("{} not set: {}", file, e.toString());
        }
    }

    /** One sandbox's group. */
    record Group(Path dir) {

        Path procs() {
            return dir.resolve("cgroup.procs");
        }

        /** Removes the group; the kernel refuses while processes are still leaving, so this retries briefly. */
        void remove() {
            for (int attempt = 0; attempt < 20; attempt++) {
                try {
                    Files.deleteIfExists(dir);
                    return;
                } catch (DirectoryNotEmptyException e) {
                    log.debug("{} is a plain directory, not a cgroup; left in place", dir);
                    return;
                } catch (IOException e) {
                    sleepQuietly();
                }
            }
            log.warn("cgroup {} could not be removed", dir);
        }

        private static void sleepQuietly() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
