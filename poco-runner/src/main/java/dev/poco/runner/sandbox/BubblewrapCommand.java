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
import org.jspecify.annotations.Nullable;

/**
 * Builds the host command line of one sandbox: optional cgroup entry, optional drop to the host user, bwrap with its
 * mounts, then {@code prlimit} inside the sandbox and the command. Pure apart from reading the host's top-level
 * layout once, in {@link #systemMounts()}.
 */
final class BubblewrapCommand {

    static final String SANDBOX_PATH = "/opt/claude/bin:/usr/local/bin:/usr/bin:/bin";
    static final String PRLIMIT = "/usr/bin/prlimit";

    /** Top-level directories that are either directories or merged-usr symlinks on the host. */
    private static final List<String> SYSTEM_DIRS = List.of("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32");
    /** Files and directories under /etc the sandbox needs: TLS roots, alternatives symlinks, the linker cache, NSS. */
    private static final List<String> ETC_ENTRIES =
            List.of("/etc/ssl", "/etc/ca-certificates", "/etc/alternatives", "/etc/ld.so.cache", "/etc/nsswitch.conf",
                    "/etc/localtime");

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
     * @param cgroupProcs the {@code cgroup.procs} file to enter before bwrap starts, or {@code null}
     * @param dropTo host uid/gid and the setpriv binary to switch to them, or {@code null}
     */
    static List<String> build(Path bwrap, List<String> systemMounts, SandboxSpec spec, Path passwd, Path group,
            @Nullable Path cgroupProcs, @Nullable DropPrivileges dropTo) {
        List<String> argv = new ArrayList<>();
        if (cgroupProcs != null) {
            // The shell moves itself into the cgroup and then becomes the launcher, so every sandbox process is
            // created inside the group; moving the pid from Java after start would race with bwrap's forks.
            argv.addAll(List.of("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", cgroupProcs.toString()));
        }
        if (dropTo != null) {
            argv.addAll(List.of(dropTo.setpriv().toString(), "--reuid=" + dropTo.uid(), "--regid=" + dropTo.gid(),
                    "--clear-groups", "--"));
        }
        argv.add(bwrap.toString());
        argv.addAll(List.of("--unshare-all", "--die-with-parent", "--new-session"));
        argv.addAll(List.of("--unshare-user", "--uid", Integer.toString(spec.uid()), "--gid",
                Integer.toString(spec.gid())));
        argv.addAll(List.of("--cap-drop", "ALL", "--hostname", "poco-sandbox"));
        argv.addAll(systemMounts);
        argv.addAll(List.of("--ro-bind", passwd.toString(), "/etc/passwd"));
        argv.addAll(List.of("--ro-bind", group.toString(), "/etc/group"));
        argv.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
        argv.addAll(List.of("--bind", spec.workspaceDir().toString(), SandboxSpec.WORKSPACE));
        argv.addAll(List.of("--perms", "0755", "--dir", "/home"));
        argv.addAll(List.of("--bind", spec.homeDir().toString(), SandboxSpec.HOME));
        for (ReadOnlyBind bind : spec.readOnlyBinds()) {
            argv.addAll(List.of("--ro-bind", bind.hostPath().toString(), bind.sandboxPath()));
        }
        // The root is a tmpfs that bwrap leaves writable; after all mounts exist nothing outside the binds may change.
        argv.addAll(List.of("--remount-ro", "/"));
        argv.addAll(List.of("--chdir", spec.workingDir()));
        argv.add("--clearenv");
        environment(spec).forEach((name, value) -> argv.addAll(List.of("--setenv", name, value)));
        argv.add("--");
        // prlimit runs inside the new user namespace, so RLIMIT_NPROC counts this sandbox's processes only.
        SandboxLimits limits = spec.limits();
        argv.addAll(List.of(PRLIMIT, "--nproc=" + limits.maxProcesses(), "--fsize=" + limits.maxFileSizeBytes(),
                "--nofile=" + limits.maxOpenFiles(), "--"));
        argv.addAll(spec.command());
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
}
