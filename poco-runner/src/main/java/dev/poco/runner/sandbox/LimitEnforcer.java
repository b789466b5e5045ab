package dev.poco.runner.sandbox;

import dev.poco.runner.sandbox.IsolationReport.Enforcement;
import dev.poco.runner.sandbox.IsolationReport.LimitStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, once per driver, how each {@link Limit} is enforced on this host: cgroup v2, else the cgroup v1 pids and
 * memory controllers, else rlimits (processes: only for a non-root sandbox uid, because the kernel exempts root from
 * RLIMIT_NPROC) and the {@link LimitWatchdog} (memory, workspace size). Says once which limit is not enforced and
 * what the operator can do, or refuses to start when limits are required.
 */
final class LimitEnforcer {

    private static final Logger log = LoggerFactory.getLogger(LimitEnforcer.class);
    static final String PROCESS_FIX = "give the runner a cgroup pids controller it can write (cgroup v2: run it as"
            + " root with /sys/fs/cgroup writable; cgroup v1: /sys/fs/cgroup/pids writable by root; in Docker a"
            + " writable cgroup mount such as --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw), or run the"
            + " sandboxes as an unprivileged host uid (run Poco as a non-root user)";

    private final @Nullable CgroupV2 v2;
    private final @Nullable CgroupV1 v1;
    private final String cgroupMode;
    private final List<LimitStatus> statuses;

    /**
     * @param rootMapped whether sandboxed processes run as host root (runner is root and drops to no other uid)
     * @throws SandboxUnavailableException if {@code options.requireLimits()} and a limit cannot be enforced
     */
    LimitEnforcer(LimitOptions options, Path cgroupV2Root, boolean rootMapped) {
        List<String> whyNotV2 = new ArrayList<>();
        List<String> whyNotV1 = new ArrayList<>();
        @Nullable CgroupV2 foundV2 = null;
        @Nullable CgroupV1 foundV1 = null;
        if (options.useCgroups()) {
            foundV2 = CgroupV2.detect(cgroupV2Root, whyNotV2::add).orElse(null);
            if (foundV2 == null) {
                foundV1 = CgroupV1.detect(options.procRoot(), whyNotV1::add).orElse(null);
            }
        } else {
            whyNotV2.add("cgroups disabled by configuration");
        }
        this.v2 = foundV2;
        this.v1 = foundV1;
        if (v2 != null) {
            cgroupMode = "v2 (groups in " + v2.parent() + ")";
        } else if (v1 != null) {
            cgroupMode = "v1 (" + v1.describe() + (whyNotV1.isEmpty() ? "" : "; " + String.join("; ", whyNotV1)) + ")";
        } else {
            List<String> whyNot = new ArrayList<>(whyNotV2);
            whyNot.addAll(whyNotV1);
            cgroupMode = "none (" + String.join("; ", whyNot) + ")";
        }
        String interval = options.watchdogInterval().toMillis() + " ms";
        List<LimitStatus> list = new ArrayList<>();
        if (v2 != null) {
            list.add(new LimitStatus(Limit.PROCESSES, Enforcement.CGROUP_V2, "pids.max", ""));
        } else if (v1 != null && v1.limitsProcesses()) {
            list.add(new LimitStatus(Limit.PROCESSES, Enforcement.CGROUP_V1, "pids.max", ""));
        } else if (!rootMapped) {
            list.add(new LimitStatus(Limit.PROCESSES, Enforcement.RLIMIT, "RLIMIT_NPROC of a non-root uid", ""));
        } else {
            list.add(new LimitStatus(Limit.PROCESSES, Enforcement.NONE, "sandboxes run as host root, which the kernel"
                    + " exempts from RLIMIT_NPROC, and no cgroup pids controller is usable", PROCESS_FIX));
        }
        if (v2 != null) {
            list.add(new LimitStatus(Limit.MEMORY, Enforcement.CGROUP_V2, "memory.max, no swap; OOM kill ends the"
                    + " sandbox", ""));
        } else if (v1 != null && v1.limitsMemory()) {
            list.add(new LimitStatus(Limit.MEMORY, Enforcement.CGROUP_V1, "memory.limit_in_bytes, no swap; OOM kill"
                    + " ends the sandbox", ""));
        } else {
            list.add(new LimitStatus(Limit.MEMORY, Enforcement.WATCHDOG, "resident memory of the sandbox's processes"
                    + " every " + interval + "; a fast allocation can pass it briefly", ""));
        }
        list.add(new LimitStatus(Limit.DISK, Enforcement.WATCHDOG, "workspace size every "
                + options.watchdogInterval().multipliedBy(LimitWatchdog.DISK_EVERY).toMillis()
                + " ms, less often for a workspace slow to measure, and when the sandbox ends", ""));
        list.add(new LimitStatus(Limit.WALL_CLOCK, Enforcement.WATCHDOG, "runner timer, SIGTERM then SIGKILL", ""));
        list.add(new LimitStatus(Limit.FILE_SIZE, Enforcement.RLIMIT, "RLIMIT_FSIZE: the write fails with EFBIG and"
                + " the writer gets SIGXFSZ (\"File size limit exceeded\")", ""));
        list.add(new LimitStatus(Limit.OPEN_FILES, Enforcement.RLIMIT, "RLIMIT_NOFILE: open fails with EMFILE (\"Too"
                + " many open files\")", ""));
        this.statuses = List.copyOf(list);
        announce(options.requireLimits(), options.useCgroups() && v2 == null && v1 == null);
    }

    private void announce(boolean requireLimits, boolean cgroupsUnusable) {
        List<LimitStatus> missing = statuses.stream().filter(status -> !status.enforced()).toList();
        String summary = statuses.stream()
                .map(s -> s.limit().label() + " by " + s.enforcement().label()).collect(Collectors.joining(", "));
        if (missing.isEmpty()) {
            if (cgroupsUnusable) {
                log.warn("No cgroup is usable for sandbox limits ({}): memory is limited only by a watchdog that"
                        + " polls the sandbox's resident memory. Run the runner as root with a writable"
                        + " /sys/fs/cgroup (v2, or v1 memory and pids) for kernel-enforced limits. Sandbox limits: {}",
                        cgroupMode, summary);
            } else {
                log.info("Sandbox limits: {}; cgroup {}", summary, cgroupMode);
            }
            return;
        }
        String text = missing.stream()
                .map(s -> "the " + s.limit().label() + " (" + s.limit().setting() + ") is not enforced: " + s.detail()
                        + ". To enforce it, " + s.fix())
                .collect(Collectors.joining("; "));
        if (requireLimits) {
            throw new SandboxUnavailableException("POCO_RUNNER_REQUIRE_LIMITS=true and " + text
                    + ". Or set POCO_RUNNER_REQUIRE_LIMITS=false to run without it.");
        }
        log.warn("Sandbox limit not enforced on this host: {}.{} Set POCO_RUNNER_REQUIRE_LIMITS=true to refuse to"
                + " start instead. `./poco doctor` shows every limit.", text, cgroupsUnusable
                        ? " Memory is limited only by a watchdog polling resident memory (cgroup " + cgroupMode + ")."
                        : "");
    }

    String cgroupMode() {
        return cgroupMode;
    }

    List<LimitStatus> statuses() {
        return statuses;
    }

    /** The cgroup(s) of one sandbox with its limits, or null when no cgroup is used. */
    @Nullable CgroupGroup create(String sandboxId, SandboxLimits limits) throws IOException {
        if (v2 != null) {
            return v2.create(sandboxId, limits);
        }
        return v1 == null ? null : v1.create(sandboxId, limits);
    }

    /**
     * The sandbox command line preceded by a shell that moves itself into every group and then becomes the launcher,
     * so every sandbox process is created inside the groups; moving the pid from Java after start would race with
     * bwrap's forks. The shell fails (exit 125) rather than start a sandbox outside its groups, and unsets the PWD it
     * exported itself: bwrap's init keeps the launcher's environment, which must stay empty.
     */
    static List<String> enter(@Nullable CgroupGroup group, List<String> argv) {
        if (group == null || group.procsFiles().isEmpty()) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c",
                "n=$1; shift; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 125; shift; n=$((n - 1)); done;"
                        + " unset PWD OLDPWD; exec \"$@\"",
                "poco-cgroup-enter", Integer.toString(group.procsFiles().size())));
        group.procsFiles().forEach(file -> wrapped.add(file.toString()));
        wrapped.addAll(argv);
        return wrapped;
    }
}
