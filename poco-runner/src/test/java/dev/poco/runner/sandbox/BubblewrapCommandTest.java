package dev.poco.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BubblewrapCommandTest {

    private static final BubblewrapCommand.KernelSurface KERNEL =
            new BubblewrapCommand.KernelSurface(Path.of("/state/seccomp.bpf"), true);

    private final SandboxSpec spec = SandboxSpec.builder("run-1")
            .workspace(Path.of("/srv/ws"))
            .home(Path.of("/srv/home"))
            .readOnlyBind(Path.of("/opt/cli/claude"), "/opt/claude/bin/claude")
            .env("ANTHROPIC_UNIX_SOCKET", "/run/llm/api.sock")
            .limits(SandboxLimits.DEFAULTS.withMaxProcesses(100).withMaxFileSizeBytes(5000).withMaxOpenFiles(64))
            .command("claude", "-p", "hi")
            .build();

    @Test
    void isolatesEverythingAndRunsTheCommandUnderPrlimit() {
        List<String> argv = BubblewrapCommand.build(Path.of("/usr/bin/bwrap"), List.of("--ro-bind", "/usr", "/usr"),
                spec, Path.of("/state/passwd"), Path.of("/state/group"), null, null, KERNEL);

        assertThat(argv.subList(0, 6)).containsExactly("/bin/sh", "-c", "unset PWD && exec 3<\"$1\" && shift && exec \"$@\"",
                "poco-sandbox", "/state/seccomp.bpf", "/usr/bin/bwrap");
        assertThat(Collections.indexOfSubList(argv, List.of("--seccomp", "3"))).isPositive();
        assertThat(argv).contains("--disable-userns");
        assertThat(Collections.indexOfSubList(argv, List.of("--proc", "/proc", "--ro-bind", "/proc/sys", "/proc/sys")))
                .isPositive();
        assertThat(argv).doesNotContain("/sys", "--dev-bind");
        assertThat(argv).contains("--unshare-all", "--die-with-parent", "--new-session", "--clearenv")
                .doesNotContain("--share-net");
        assertThat(Collections.indexOfSubList(argv, List.of("--unshare-user", "--uid", "1000", "--gid", "1000")))
                .isPositive();
        assertThat(Collections.indexOfSubList(argv, List.of("--cap-drop", "ALL"))).isPositive();
        assertThat(Collections.indexOfSubList(argv, List.of("--bind", "/srv/ws", "/workspace"))).isPositive();
        assertThat(Collections.indexOfSubList(argv, List.of("--bind", "/srv/home", "/home/agent"))).isPositive();
        assertThat(Collections.indexOfSubList(argv, List.of("--ro-bind", "/opt/cli/claude", "/opt/claude/bin/claude")))
                .isPositive();
        assertThat(Collections.indexOfSubList(argv, List.of("--ro-bind", "/state/passwd", "/etc/passwd")))
                .isPositive();
        assertThat(Collections.indexOfSubList(argv, List.of("--setenv", "HOME", "/home/agent"))).isPositive();
        assertThat(Collections.indexOfSubList(argv,
                List.of("--setenv", "ANTHROPIC_UNIX_SOCKET", "/run/llm/api.sock"))).isPositive();
        assertThat(argv.subList(argv.indexOf("--"), argv.size())).containsExactly("--", "/usr/bin/prlimit",
                "--nproc=100", "--fsize=5000", "--nofile=64", "--", "claude", "-p", "hi");
        assertThat(argv.indexOf("--remount-ro")).isGreaterThan(argv.lastIndexOf("--ro-bind"));
    }

    @Test
    void entersCgroupThenStagesSourcesAsRootThenDropsToTheSandboxUid() {
        List<String> argv = BubblewrapCommand.build(Path.of("/usr/bin/bwrap"), List.of(), spec, Path.of("/p"),
                Path.of("/g"), Path.of("/sys/fs/cgroup/poco-sandboxes/run-1/cgroup.procs"),
                new BubblewrapCommand.DropPrivileges(Path.of("/usr/bin/setpriv"), 61007, 61007), KERNEL);

        assertThat(argv.subList(0, 6)).containsExactly("/bin/sh", "-c",
                "unset PWD && echo $$ > \"$1\" && shift && exec 3<\"$1\" && shift && exec \"$@\"", "poco-sandbox",
                "/sys/fs/cgroup/poco-sandboxes/run-1/cgroup.procs", "/state/seccomp.bpf");
        int drop = Collections.indexOfSubList(argv, List.of("--", "/usr/bin/setpriv", "--reuid=61007",
                "--regid=61007", "--clear-groups", "--", "/usr/bin/bwrap"));
        assertThat(drop).isPositive();
        List<String> outer = argv.subList(6, drop);
        assertThat(outer.subList(0, 10)).containsExactly("/usr/bin/bwrap", "--dev-bind", "/", "/", "--tmpfs", "/tmp",
                "--unshare-pid", "--die-with-parent", "--chdir", "/");
        assertThat(Collections.indexOfSubList(outer, List.of("--bind", "/srv/ws", "/tmp/workspace"))).isPositive();
        assertThat(Collections.indexOfSubList(outer, List.of("--ro-bind", "/opt/cli/claude", "/tmp/bind-0")))
                .isPositive();
        List<String> inner = argv.subList(drop, argv.size());
        assertThat(Collections.indexOfSubList(inner, List.of("--bind", "/tmp/workspace", "/workspace"))).isPositive();
        assertThat(Collections.indexOfSubList(inner, List.of("--bind", "/tmp/home", "/home/agent"))).isPositive();
        assertThat(Collections.indexOfSubList(inner, List.of("--ro-bind", "/tmp/passwd", "/etc/passwd")))
                .isPositive();
        assertThat(Collections.indexOfSubList(inner, List.of("--ro-bind", "/tmp/bind-0", "/opt/claude/bin/claude")))
                .isPositive();
        assertThat(inner).doesNotContain("/srv/ws", "/opt/cli/claude");
    }

    @Test
    void withoutDisableUsernsSupportOnlySeccompGuardsUserNamespaces() {
        List<String> argv = BubblewrapCommand.build(Path.of("/usr/bin/bwrap"), List.of(), spec, Path.of("/p"),
                Path.of("/g"), null, null, new BubblewrapCommand.KernelSurface(Path.of("/s.bpf"), false));

        assertThat(argv).doesNotContain("--disable-userns");
        assertThat(Collections.indexOfSubList(argv, List.of("--seccomp", "3"))).isPositive();
    }

    @Test
    void generatedPasswdNamesTheAgent() {
        assertThat(BubblewrapCommand.passwd(1000, 1000)).contains("agent:x:1000:1000:Poco agent:/home/agent:/bin/bash");
        assertThat(BubblewrapCommand.group(1000)).contains("agent:x:1000:");
    }

    @Test
    void writableBindsAreStagedLikeTheWorkspaceAndMountedBeforeTheReadOnlyOnes() {
        SandboxSpec withFolder = SandboxSpec.builder("run-2").workspace(Path.of("/srv/ws")).home(Path.of("/srv/home"))
                .writableBind(Path.of("/srv/s/folders/app"), "/mnt/app")
                .readOnlyBind(Path.of("/code/app/.git"), "/code/app/.git")
                .command("claude").build();
        List<String> argv = BubblewrapCommand.build(Path.of("/usr/bin/bwrap"), List.of(), withFolder, Path.of("/p"),
                Path.of("/g"), null, new BubblewrapCommand.DropPrivileges(Path.of("/usr/bin/setpriv"), 61007, 61007),
                KERNEL);

        int drop = argv.indexOf("/usr/bin/setpriv");
        List<String> outer = argv.subList(0, drop);
        List<String> inner = argv.subList(drop, argv.size());
        assertThat(Collections.indexOfSubList(outer, List.of("--bind", "/srv/s/folders/app", "/tmp/rw-0")))
                .isPositive();
        int rw = Collections.indexOfSubList(inner, List.of("--bind", "/tmp/rw-0", "/mnt/app"));
        int ro = Collections.indexOfSubList(inner, List.of("--ro-bind", "/tmp/bind-0", "/code/app/.git"));
        assertThat(rw).isPositive();
        assertThat(ro).isGreaterThan(rw);
        assertThat(inner).doesNotContain("/srv/s/folders/app");
    }
}
