package dev.poco.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Runs the contract against real bubblewrap. When the test JVM is root (as in CI) every sandbox runs as a host uid of
 * the default range, as in production.
 */
class BubblewrapSandboxDriverTest extends SandboxDriverContractTest {

    @Override
    protected SandboxDriver createDriver(Path scratch) {
        return new BubblewrapSandboxDriver(options(scratch));
    }

    @Override
    protected Process launcher(SandboxHandle handle) {
        return ((BubblewrapSandboxHandle) handle).launcher();
    }

    /** Options for tests; fails with the package to install when bwrap is missing. */
    static BubblewrapOptions options(Path scratch) {
        assertThat(Path.of("/usr/bin/bwrap"))
                .as("bubblewrap is required for sandbox tests: apt-get install bubblewrap")
                .isExecutable();
        return BubblewrapOptions.defaults().withStateDir(scratch.resolve("state"));
    }

    @Test
    void missingBwrapNamesThePackageToInstall() {
        BubblewrapOptions options = options(scratch).withBwrapPath(scratch.resolve("no-such-bwrap"));

        assertThatThrownBy(() -> new BubblewrapSandboxDriver(options))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("apt-get install bubblewrap");
    }

    @Test
    void sandboxSeesGeneratedPasswdAndGroupNotTheHosts() throws Exception {
        Result result = run(spec().command("sh", "-c", "cat /etc/passwd /etc/group; ls /etc").build());

        assertThat(result.stdout()).isEqualTo(BubblewrapCommand.passwd(1000, 1000) + BubblewrapCommand.group(1000)
                + String.join("\n", etcEntries()) + "\n");
    }

    @Test
    void backgroundPutsTheWholeSandboxSessionAtNice19AndBack() throws Exception {
        Path selfGroup = Path.of("/proc/self/autogroup");
        assumeTrue(Files.isReadable(selfGroup), "the kernel has no autogroups");
        // empty where the test JVM's session is the host's first one (a container's, as in CI): the root task group
        String ownGroupBefore = Files.readString(selfGroup);
        try (SandboxHandle handle = driver.start(spec().command("sleep", "60").build())) {
            handle.background(true); // at once, as a pool does: bwrap may not have made its session yet

            ProcessHandle init = launcher(handle).descendants().filter(p -> p.info().command().orElse("")
                    .endsWith("/sleep")).findFirst().orElseThrow(); // the command shares the session's autogroup
            Path group = Path.of("/proc", Long.toString(init.pid()), "autogroup");
            assertThat(Files.readString(group)).as("a session of its own").isNotEqualTo(Files.readString(selfGroup));
            assertThat(group).content().endsWith("nice 19\n");
            assertThat(selfGroup).as("the runner's own session is untouched").content().isEqualTo(ownGroupBefore);

            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                handle.background(false); // a non-root host may be told to retry within 100 ms
                assertThat(group).content().endsWith("nice 0\n");
            });
        }
    }

    @Test
    void cgroupGroupGetsLimitsAndTheLauncherBeforeBwrapStarts() throws Exception {
        // A plain directory shaped like a cgroup v2 root: the kernel side cannot be exercised on a v1 host, the
        // driver's side (files written, launcher moved in before bwrap forks) can.
        Path fakeRoot = Files.createDirectories(scratch.resolve("cgroup"));
        Files.writeString(fakeRoot.resolve("cgroup.controllers"), "cpu io memory pids\n");
        Files.writeString(fakeRoot.resolve("cgroup.subtree_control"), "");
        driver.close();
        driver = new BubblewrapSandboxDriver(options(scratch).withStateDir(scratch.resolve("state3"))
                .withCgroupRoot(fakeRoot));
        SandboxSpec spec = spec().limits(SandboxLimits.DEFAULTS.withMemoryBytes(256L << 20).withMaxProcesses(77))
                .command("true").build();
        Path group = fakeRoot.resolve("poco-sandboxes").resolve(spec.id());

        try (SandboxHandle handle = driver.start(spec)) {
            assertThat(handle.waitFor(Duration.ofSeconds(10))).isTrue();
            assertThat(group.resolve("memory.max")).hasContent(Long.toString(256L << 20));
            assertThat(group.resolve("pids.max")).hasContent("77");
            assertThat(group.resolve("cgroup.procs")).hasContent(Long.toString(((BubblewrapSandboxHandle) handle).launcher().pid()));
        }
        assertThat(fakeRoot.resolve("poco-sandboxes/cgroup.subtree_control")).content().contains("+pids");
    }

    private static java.util.List<String> etcEntries() {
        java.util.List<String> entries = new java.util.ArrayList<>(java.util.List.of("group", "passwd"));
        for (String name : java.util.List.of("alternatives", "ca-certificates", "fonts", "ld.so.cache", "localtime",
                "nsswitch.conf", "ssl")) {
            if (Files.exists(Path.of("/etc", name))) {
                entries.add(name);
            }
        }
        return entries.stream().sorted().toList();
    }
}
