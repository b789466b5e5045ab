package dev.poco.runner.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Builds the host command line of one sandbox: a launcher shell (cgroup entry, seccomp fd), optional drop to the
 * sandbox's host uid, bwrap with its mounts and seccomp filter, then {@code prlimit} inside the sandbox and the
 * command. Pure apart from reading the host's top-level
 * layout once, in {@link #systemMounts()}.
 */
final class BubblewrapCommand {

    static final String SANDBOX_PATH = "/opt/claude/bin:/usr/local/bin:/usr/bin:/bin";
    static final String PRLIMIT = "/usr/bin/prlimit";
    /** File descriptor the launcher shell opens the seccomp program on. */
    static final int SECCOMP_FD = 3;
    /** Where the outer bwrap of a dropped uid stages bind sources; private to its mount namespace. */
    static final String STAGE = "/tmp";

    /** Top-level directories that are either directories or merged-usr symlinks on the host. */
    private static final List<String> SYSTEM_DIRS = List.of("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32");
    /** Files and directories under /etc the sandbox needs: TLS roots, alternatives symlinks, the linker cache, NSS. */
    private static final List<String> ETC_ENTRIES =
            List.of("/etc/ssl", "/etc/ca-certificates", "/etc/alternatives", "/etc/ld.so.cache", "/etc/nsswitch.conf",
                    "/etc/localtime", "/etc/fonts");

    private BubblewrapCommand() {
    }

    /** Read-only system mounts mirroring the host's layout ({@code /bin -> usr/bin} stays a symlink). */
    static List<String> systemMounts() {
        List<String> args = new ArrayList<>(List.of("--ro-bind", "/usr", "/usr"));
        for (String dir : SYSTEM_DIRS) {
            Path path = Path.of(dir);
            try {
                if (Files.isSymbolicLink(path)) {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), dir));
                } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    args.addAll(List.of("--ro-bind", dir, dir));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot inspect " + dir, e);
            }
        }
        args.addAll(List.of("--perms", "0755", "--dir", "/etc"));
        for (String entry : ETC_ENTRIES) {
            if (Files.exists(Path.of(entry))) {
                args.addAll(List.of("--ro-bind", entry, entry));
            }
        }
        return List.copyOf(args);
    }

    /**
     * The host argv of one sandbox. A small shell comes first: it moves itself into the cgroup (when there is one)
     * and opens the seccomp program as fd {@value #SECCOMP_FD}, then becomes the launcher; ProcessBuilder cannot
     * pass extra file descriptors, a shell redirect can.
     *
     * <p>When {@code dropTo} is set (the runner is root) the launcher is an outer bwrap, still root, that only stages
     * every bind source under a fresh {@code /tmp} of a private mount namespace; then setpriv switches to the
     * sandbox's host uid and the real bwrap binds from there. bwrap resolves bind sources with its caller's rights,
     * and the sources (workspaces under a root-owned {@code $POCO_HOME}, whose home directory is mode 0700, the pinned CLI, the generated passwd) sit below
     * directories that uid cannot search.
     *
     * @param cgroupProcs the {@code cgroup.procs} file to enter before bwrap starts, or {@code null}
     * @param dropTo host uid/gid and the setpriv binary to switch to them, or {@code null}
     */
    static List<String> build(Path bwrap, List<String> systemMounts, SandboxSpec spec, Path passwd, Path group,
            @Nullable Path cgroupProcs, @Nullable DropPrivileges dropTo, KernelSurface kernel) {
        return build(bwrap, systemMounts, spec, passwd, group, cgroupProcs, dropTo, kernel, false);
    }

    /**
     * @param processesByCgroup a pids cgroup limits the sandbox's processes: RLIMIT_NPROC is then left as inherited,
     *     so that the cgroup refuses the fork and counts it in {@code pids.events} (an RLIMIT_NPROC refusal leaves no
     *     trace, and a fork bomb that dies of it within a watchdog period would end as a plain exit)
     */
    static List<String> build(Path bwrap, List<String> systemMounts, SandboxSpec spec, Path passwd, Path group,
            @Nullable Path cgroupProcs, @Nullable DropPrivileges dropTo, KernelSurface kernel,
            boolean processesByCgroup) {
        List<String> argv = launcher(cgroupProcs, kernel.seccompProgram());
        Sources sources = new Sources(spec.workspaceDir().toString(), spec.homeDir().toString(), passwd.toString(),
                group.toString(), spec.readOnlyBinds().stream().map(bind -> bind.hostPath().toString()).toList(),
                spec.writableBinds().stream().map(bind -> bind.hostPath().toString()).toList());
        if (dropTo != null) {
            Sources staged = Sources.staged(spec.readOnlyBinds().size(), spec.writableBinds().size());
            // --chdir /: bwrap otherwise exports the runner's working directory as PWD, which the sandbox could read.
            // --unshare-pid: setpriv's credential change clears the parent-death signal of what follows, and an
            // unprivileged bwrap does not set one for itself; the outer bwrap's own init keeps it, so when the
            // runner dies the init dies and the kernel kills everything in its pid namespace, the sandbox included.
            argv.addAll(List.of(bwrap.toString(), "--dev-bind", "/", "/", "--tmpfs", STAGE, "--unshare-pid",
                    "--die-with-parent", "--chdir", "/"));
            argv.addAll(List.of("--bind", sources.workspace(), staged.workspace()));
            argv.addAll(List.of("--bind", sources.home(), staged.home()));
            argv.addAll(List.of("--ro-bind", sources.passwd(), staged.passwd()));
            argv.addAll(List.of("--ro-bind", sources.group(), staged.group()));
            for (int i = 0; i < sources.binds().size(); i++) {
                argv.addAll(List.of("--ro-bind", sources.binds().get(i), staged.binds().get(i)));
            }
            for (int i = 0; i < sources.writable().size(); i++) {
                argv.addAll(List.of("--bind", sources.writable().get(i), staged.writable().get(i)));
            }
            argv.addAll(List.of("--", dropTo.setpriv().toString(), "--reuid=" + dropTo.uid(),
                    "--regid=" + dropTo.gid(), "--clear-groups", "--"));
            sources = staged;
        }
        argv.add(bwrap.toString());
        argv.addAll(List.of("--unshare-all", "--die-with-parent", "--new-session"));
        argv.addAll(List.of("--unshare-user", "--uid", Integer.toString(spec.uid()), "--gid",
                Integer.toString(spec.gid())));
        if (kernel.disableUserns()) {
            argv.add("--disable-userns");
        }
        argv.addAll(List.of("--cap-drop", "ALL", "--hostname", "poco-sandbox"));
        argv.addAll(systemMounts);
        argv.addAll(List.of("--ro-bind", sources.passwd(), "/etc/passwd"));
        argv.addAll(List.of("--ro-bind", sources.group(), "/etc/group"));
        // /proc/sys read-only: the sandbox's uid is no one's root, and this keeps it so should a mapping ever change.
        // /sys is not mounted at all.
        argv.addAll(List.of("--proc", "/proc", "--ro-bind", "/proc/sys", "/proc/sys", "--dev", "/dev", "--tmpfs",
                "/tmp"));
        argv.addAll(List.of("--bind", sources.workspace(), SandboxSpec.WORKSPACE));
        argv.addAll(List.of("--perms", "0755", "--dir", "/home"));
        argv.addAll(List.of("--bind", sources.home(), SandboxSpec.HOME));
        // writable first: a read-only bind may sit inside one and must win
        for (int i = 0; i < spec.writableBinds().size(); i++) {
            argv.addAll(List.of("--bind", sources.writable().get(i), spec.writableBinds().get(i).sandboxPath()));
        }
        for (int i = 0; i < spec.readOnlyBinds().size(); i++) {
            argv.addAll(List.of("--ro-bind", sources.binds().get(i), spec.readOnlyBinds().get(i).sandboxPath()));
        }
        // The root is a tmpfs that bwrap leaves writable; after all mounts exist nothing outside the binds may change.
        argv.addAll(List.of("--remount-ro", "/"));
        argv.addAll(List.of("--chdir", spec.workingDir()));
        argv.addAll(List.of("--seccomp", Integer.toString(SECCOMP_FD)));
        argv.add("--clearenv");
        environment(spec).forEach((name, value) -> argv.addAll(List.of("--setenv", name, value)));
        argv.add("--");
        // prlimit runs inside the new user namespace, so RLIMIT_NPROC counts this sandbox's processes only.
        SandboxLimits limits = spec.limits();
        argv.add(PRLIMIT);
        if (!processesByCgroup) {
            argv.add("--nproc=" + limits.maxProcesses());
        }
        argv.addAll(List.of("--fsize=" + limits.maxFileSizeBytes(), "--nofile=" + limits.maxOpenFiles(), "--"));
        argv.addAll(spec.command());
        return argv;
    }

    /**
     * The shell that starts every sandbox command line: enters the cgroup (when given), opens the seccomp program
     * on fd {@value #SECCOMP_FD} and then execs the rest of the argv.
     */
    static List<String> launcher(@Nullable Path cgroupProcs, Path seccompProgram) {
        // dash exports the runner's PWD otherwise, and bwrap's init keeps it where the sandbox can read it.
        StringBuilder script = new StringBuilder("unset PWD && ");
        List<String> args = new ArrayList<>();
        if (cgroupProcs != null) {
            // The shell moves itself into the cgroup and then becomes the launcher, so every sandbox process is
            // created inside the group; moving the pid from Java after start would race with bwrap's forks.
            script.append("echo $$ > \"$1\" && shift && ");
            args.add(cgroupProcs.toString());
        }
        script.append("exec " + SECCOMP_FD + "<\"$1\" && shift && exec \"$@\"");
        args.add(seccompProgram.toString());
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", script.toString(), "poco-sandbox"));
        argv.addAll(args);
        return argv;
    }

    static Map<String, String> environment(SandboxSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", SANDBOX_PATH);
        env.put("TERM", "dumb");
        env.put("LANG", "C.UTF-8");
        env.putAll(spec.environment());
        env.put("HOME", SandboxSpec.HOME);
        return env;
    }

    /** Minimal {@code /etc/passwd} naming the agent, so {@code id}, git and ssh find a user. */
    static String passwd(int uid, int gid) {
        StringBuilder text = new StringBuilder();
        if (uid != 0) {
            text.append("root:x:0:0:root:/root:/usr/sbin/nologin\n");
        }
        text.append(uid == 0 ? "root" : "agent").append(":x:").append(uid).append(':').append(gid)
                .append(":Poco agent:").append(SandboxSpec.HOME).append(":/bin/bash\n");
        text.append("nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        return text.toString();
    }

    static String group(int gid) {
        StringBuilder text = new StringBuilder();
        if (gid != 0) {
            text.append("root:x:0:\n");
        }
        text.append(gid == 0 ? "root" : "agent").append(":x:").append(gid).append(":\n");
        text.append("nogroup:x:65534:\n");
        return text.toString();
    }

    /** Switch from root to an unprivileged host user with util-linux setpriv before bwrap starts. */
    record DropPrivileges(Path setpriv, int uid, int gid) {
    }

    /**
     * How the sandbox's view of the kernel is narrowed beyond namespaces.
     *
     * @param seccompProgram file holding {@link SeccompFilter#program}, opened by the launcher shell
     * @param disableUserns whether bwrap supports {@code --disable-userns} (0.8 and later)
     */
    record KernelSurface(Path seccompProgram, boolean disableUserns) {
    }

    /** Host paths bwrap binds from: the real ones, or their stand-ins under {@link #STAGE} for a dropped uid. */
    private record Sources(String workspace, String home, String passwd, String group, List<String> binds,
            List<String> writable) {

        static Sources staged(int bindCount, int writableCount) {
            return new Sources(STAGE + "/workspace", STAGE + "/home", STAGE + "/passwd", STAGE + "/group",
                    IntStream.range(0, bindCount).mapToObj(i -> STAGE + "/bind-" + i).toList(),
                    IntStream.range(0, writableCount).mapToObj(i -> STAGE + "/rw-" + i).toList());
        }
    }
}
