package dev.poco.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BubblewrapCommandTest {

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
                spec, Path.of("/state/passwd"), Path.of("/state/group"), null, null);

        assertThat(argv.getFirst()).isEqualTo("/usr/bin/bwrap");
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
    void entersCgroupThenDropsToHostUserBeforeBwrap() {
        List<String> argv = BubblewrapCommand.build(Path.of("/usr/bin/bwrap"), List.of(), spec, Path.of("/p"),
                Path.of("/g"), Path.of("/sys/fs/cgroup/poco-sandboxes/run-1/cgroup.procs"),
                new BubblewrapCommand.DropPrivileges(Path.of("/usr/bin/setpriv"), 65534, 65534));

        assertThat(argv.subList(0, 10)).containsExactly("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
                "/sys/fs/cgroup/poco-sandboxes/run-1/cgroup.procs", "/usr/bin/setpriv", "--reuid=65534",
                "--regid=65534", "--clear-groups", "--", "/usr/bin/bwrap");
    }

    @Test
    void generatedPasswdNamesTheAgent() {
        assertThat(BubblewrapCommand.passwd(1000, 1000)).contains("agent:x:1000:1000:Poco agent:/home/agent:/bin/bash");
        assertThat(BubblewrapCommand.group(1000)).contains("agent:x:1000:");
    }
}
