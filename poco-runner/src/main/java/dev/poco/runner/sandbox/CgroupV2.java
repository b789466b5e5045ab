package dev.poco.runner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory and process limits through a cgroup v2 group per sandbox: {@code <root>/poco-sandboxes/<id>} with
 * {@code memory.max}, {@code memory.swap.max} and {@code pids.max}. Used only when the hierarchy is v2, offers the
 * memory and pids controllers, and the runner may enable them; otherwise {@link #detect} says why to its caller, which
 * reports it once with every other limit ({@link LimitEnforcer}).
 */
final class CgroupV2 {

    private static final Logger log = LoggerFactory.getLogger(CgroupV2.class);
    private static final String PARENT = "poco-sandboxes";
    private static final List<String> CONTROLLERS = List.of("memory", "pids");

    private final Path parent;

    private CgroupV2(Path parent) {
        this.parent = parent;
    }

    /** The per-sandbox limiter below {@code root}, or empty (and the reason given to {@code whyNot}). */
    static Optional<CgroupV2> detect(Path root, Consumer<String> whyNot) {
        Path controllersFile = root.resolve("cgroup.controllers");
        if (!Files.isRegularFile(controllersFile)) {
            whyNot.accept("no cgroup v2 hierarchy at " + root);
            return Optional.empty();
        }
        try {
            List<String> offered = List.of(Files.readString(controllersFile).trim().split("\\s+"));
            if (!offered.containsAll(CONTROLLERS)) {
                whyNot.accept("cgroup v2 at " + root + " offers only " + offered);
                return Optional.empty();
            }
            Path parent = root.resolve(PARENT);
            enable(root);
            Files.createDirectories(parent);
            enable(parent);
            return Optional.of(new CgroupV2(parent));
        } catch (IOException | RuntimeException e) {
            whyNot.accept("cannot manage cgroup v2 at " + root + ": " + e);
            return Optional.empty();
        }
    }

    Path parent() {
        return parent;
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
    record Group(Path dir) implements CgroupGroup {

        Path procs() {
            return dir.resolve("cgroup.procs");
        }

        @Override
        public List<Path> procsFiles() {
            return List.of(procs());
        }

        @Override
        public boolean limitsProcesses() {
            return true;
        }

        @Override
        public boolean limitsMemory() {
            return true;
        }

        @Override
        public boolean processLimitHit() {
            return CgroupGroup.counter(dir.resolve("pids.events"), "max").orElse(0) > 0;
        }

        @Override
        public boolean memoryLimitHit() {
            return CgroupGroup.counter(dir.resolve("memory.events"), "oom_kill").orElse(0) > 0;
        }

        @Override
        public void remove() {
            CgroupGroup.removeDir(dir);
        }
    }
}
