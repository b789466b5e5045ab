package dev.poco.runner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Memory and process limits through the cgroup v1 {@code pids} and {@code memory} controllers, as found on hybrid
 * hosts and in Docker on them. Each controller is used on its own when it is mounted and the runner may create groups
 * in it: a group {@code poco-sandboxes/<id>-<random>} below the runner's own group of that controller (read from
 * {@code /proc/self/cgroup}, so the sandbox's memory also counts against the runner's container), with {@code
 * pids.max}, or {@code memory.limit_in_bytes}, {@code memory.memsw.limit_in_bytes} where swap is accounted and {@code
 * memory.swappiness} 0. The suffix keeps the names of several runners sharing one hierarchy apart.
 */
final class CgroupV1 {

    private static final String PARENT = "poco-sandboxes";

    private final @Nullable Path pidsParent;
    private final @Nullable Path memoryParent;

    private CgroupV1(@Nullable Path pidsParent, @Nullable Path memoryParent) {
        this.pidsParent = pidsParent;
        this.memoryParent = memoryParent;
    }

    /**
     * The usable v1 controllers of this process, or empty when neither pids nor memory can be used; every controller
     * that cannot be used is explained to {@code whyNot}.
     */
    static Optional<CgroupV1> detect(Path procRoot, Consumer<String> whyNot) {
        List<String> mountinfo;
        List<String> membership;
        try {
            mountinfo = Files.readAllLines(procRoot.resolve("self/mountinfo"));
            membership = Files.readAllLines(procRoot.resolve("self/cgroup"));
        } catch (IOException e) {
            whyNot.accept("cannot read " + procRoot + "/self/mountinfo or cgroup: " + e);
            return Optional.empty();
        }
        @Nullable Path pids = usable("pids", "pids.max", mountinfo, membership, whyNot);
        @Nullable Path memory = usable("memory", "memory.limit_in_bytes", mountinfo, membership, whyNot);
        return pids == null && memory == null ? Optional.empty() : Optional.of(new CgroupV1(pids, memory));
    }

    /** {@code <this process's group of controller>/poco-sandboxes} once a trial group there took a limit, else null. */
    private static @Nullable Path usable(String controller, String limitFile, List<String> mountinfo,
            List<String> membership, Consumer<String> whyNot) {
        @Nullable Path group = ownGroup(controller, mountinfo, membership);
        if (group == null) {
            whyNot.accept("no cgroup v1 " + controller + " controller mounted");
            return null;
        }
        Path parent = group.resolve(PARENT);
        Path trial = parent.resolve("probe-" + suffix());
        try {
            Files.createDirectories(parent);
            Files.createDirectory(trial);
            try {
                Files.writeString(trial.resolve(limitFile), Files.readString(trial.resolve(limitFile)).strip());
            } finally {
                CgroupGroup.removeDir(trial);
            }
            return parent;
        } catch (IOException | RuntimeException e) {
            whyNot.accept("cannot create cgroup v1 " + controller + " groups in " + parent + " (" + e.getMessage()
                    + ")");
            return null;
        }
    }

    /** Directory of this process's group in the v1 hierarchy that carries {@code controller}, or null. */
    static @Nullable Path ownGroup(String controller, List<String> mountinfo, List<String> membership) {
        for (String line : mountinfo) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] before = line.substring(0, dash).split(" ");
            String[] after = line.substring(dash + 3).split(" ");
            if (before.length < 5 || after.length < 3 || !after[0].equals("cgroup")
                    || !List.of(after[2].split(",")).contains(controller)) {
                continue;
            }
            String mountRoot = before[3];
            Path mountPoint = Path.of(before[4]);
            for (String entry : membership) {
                String[] parts = entry.split(":", 3);
                if (parts.length == 3 && List.of(parts[1].split(",")).contains(controller)) {
                    String path = parts[2];
                    if (!mountRoot.equals("/") && path.startsWith(mountRoot)) {
                        path = path.substring(mountRoot.length());
                    }
                    Path dir = mountPoint.resolve(path.replaceFirst("^/+", ""));
                    // In a cgroup namespace the path may name a group that is not visible at this mount.
                    return Files.isDirectory(dir) ? dir : mountPoint;
                }
            }
            return mountPoint;
        }
        return null;
    }

    boolean limitsProcesses() {
        return pidsParent != null;
    }

    boolean limitsMemory() {
        return memoryParent != null;
    }

    /** Where groups are created, for the isolation report. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (pidsParent != null) {
            parts.add("pids at " + pidsParent);
        }
        if (memoryParent != null) {
            parts.add("memory at " + memoryParent);
        }
        return String.join(", ", parts);
    }

    /** Creates the groups of one sandbox with its limits. */
    CgroupGroup create(String sandboxId, SandboxLimits limits) throws IOException {
        String name = sandboxId + "-" + suffix();
        List<Path> created = new ArrayList<>();
        try {
            @Nullable Path pids = null;
            if (pidsParent != null) {
                pids = Files.createDirectory(pidsParent.resolve(name));
                created.add(pids);
                Files.writeString(pids.resolve("pids.max"), Integer.toString(limits.maxProcesses()));
            }
            @Nullable Path memory = null;
            if (memoryParent != null) {
                memory = Files.createDirectory(memoryParent.resolve(name));
                created.add(memory);
                String bytes = Long.toString(limits.memoryBytes());
                Files.writeString(memory.resolve("memory.limit_in_bytes"), bytes);
                Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
                if (Files.exists(memsw)) {
                    Files.writeString(memsw, bytes); // memory plus swap: no swap at all
                }
                Files.writeString(memory.resolve("memory.swappiness"), "0");
            }
            return new Group(pids, memory);
        } catch (IOException | RuntimeException e) {
            created.reversed().forEach(CgroupGroup::removeDir);
            throw e;
        }
    }

    private static String suffix() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** One sandbox's groups; either may be absent when its controller is not usable. */
    record Group(@Nullable Path pids, @Nullable Path memory) implements CgroupGroup {

        @Override
        public List<Path> procsFiles() {
            List<Path> files = new ArrayList<>();
            if (pids != null) {
                files.add(pids.resolve("cgroup.procs"));
            }
            if (memory != null) {
                files.add(memory.resolve("cgroup.procs"));
            }
            return files;
        }

        @Override
        public boolean limitsProcesses() {
            return pids != null;
        }

        @Override
        public boolean limitsMemory() {
            return memory != null;
        }

        @Override
        public boolean processLimitHit() {
            return pids != null && CgroupGroup.counter(pids.resolve("pids.events"), "max").orElse(0) > 0;
        }

        @Override
        public boolean memoryLimitHit() {
            return memory != null && CgroupGroup.counter(memory.resolve("memory.oom_control"), "oom_kill").orElse(0) > 0;
        }

        @Override
        public void remove() {
            if (memory != null) {
                CgroupGroup.removeDir(memory);
            }
            if (pids != null) {
                CgroupGroup.removeDir(pids);
            }
        }
    }
}
