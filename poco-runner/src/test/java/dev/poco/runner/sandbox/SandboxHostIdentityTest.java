package dev.poco.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the host sees of a sandbox when the runner is root (as in CI and containers): files and processes belong to a
 * host uid of the range, one per workspace in use, never to root, and two workspaces' uids cannot reach each other.
 * Checked from the host with stat, /proc and setpriv, on real bubblewrap.
 */
class SandboxHostIdentityTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path scratch;

    private BubblewrapSandboxDriver driver;
    private final List<SandboxHandle> handles = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    @BeforeEach
    void rootRunner() throws IOException {
        assumeTrue(uid(Path.of("/proc/self")) == 0, "sandboxes switch host uid only when the runner is root (CI runs"
                + " as root); as another user they run as that user, which the contract test covers");
        // Searchable parents, so that a refusal below comes from the workspace's own owner and mode.
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
        driver = new BubblewrapSandboxDriver(BubblewrapSandboxDriverTest.options(scratch));
    }

    @AfterEach
    void closeAll() {
        handles.forEach(SandboxHandle::close);
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void filesAndSetuidCopiesTheAgentMakesBelongToItsHostUidNotRoot() throws Exception {
        Workspace ws = workspace();

        String out = run(ws, "echo hi > note; cp /usr/bin/id id-copy; chmod 4755 id-copy; mkdir d;"
                + " cp /usr/bin/id d/id2; chmod u+s d/id2; stat -c '%u %A' id-copy");

        int uid = uid(ws.dir.resolve("note"));
        assertThat(uid).isNotZero().satisfies(u -> assertThat(HostUidRange.DEFAULT.contains(u)).isTrue());
        assertThat(out).isEqualTo("1000 -rwsr-xr-x\n");
        for (Path file : List.of(ws.dir.resolve("id-copy"), ws.dir.resolve("d/id2"))) {
            assertThat(uid(file)).as("host owner of %s", file).isEqualTo(uid);
            assertThat(Files.getAttribute(file, "unix:gid")).isEqualTo(uid);
            assertThat(Files.getPosixFilePermissions(file)).contains(PosixFilePermission.OWNER_EXECUTE);
        }
        // Executed on the host by anyone, the planted setuid copy only ever becomes the sandbox's uid.
        String id = host(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                ws.dir.resolve("id-copy").toString(), "-u"), true, List.of(ws.dir.getParent(), ws.dir));
        assertThat(id).isEqualTo(uid + "\n");
    }

    @Test
    void concurrentSandboxesOfTwoWorkspacesRunAsDifferentUidsThatCannotReachEachOther() throws Exception {
        Workspace a = workspace();
        Workspace b = workspace();
        Files.writeString(b.dir.resolve("secret.txt"), "b only");
        SandboxHandle sandboxA = start(a, "cat");
        SandboxHandle sandboxB = start(b, "exec sleep 3601");
        long pidA = commandPid(sandboxA, "cat");
        long pidB = commandPid(sandboxB, "sleep");

        int uidA = processUid(pidA);
        int uidB = processUid(pidB);
        assertThat(uidA).isNotEqualTo(uidB).isNotZero();
        assertThat(uidB).isNotZero();
        for (Workspace ws : List.of(a, b)) {
            for (Path dir : List.of(ws.dir, ws.home)) {
                assertThat(uid(dir)).as("owner of %s", dir).isEqualTo(ws == a ? uidA : uidB);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            }
        }
        List<String> asA = List.of("setpriv", "--reuid=" + uidA, "--regid=" + uidA, "--clear-groups", "--");
        assertThat(host(concat(asA, "ls", a.dir.toString()), true, List.of())).as("control: A reads its own")
                .isEmpty();
        assertThat(host(concat(asA, "cat", b.dir.resolve("secret.txt").toString()), false, List.of()))
                .contains("Permission denied");
        assertThat(host(concat(asA, "ls", b.home.toString()), false, List.of())).contains("Permission denied");
        assertThat(host(concat(asA, "kill", "-0", Long.toString(pidA)), true, List.of())).isEmpty();
        assertThat(host(concat(asA, "kill", "-0", Long.toString(pidB)), false, List.of()))
                .contains("Operation not permitted");
        // Inside, B's processes are not even visible from a sandbox of A's workspace.
        assertThat(run(a, "ps -eo comm | grep -cx sleep || true")).isEqualTo("0\n");
    }

    @Test
    void sandboxesOfOneWorkspaceShareItsUidUntilTheLastEndsThenTheRunnerTakesItBack() throws Exception {
        Workspace ws = workspace();
        SandboxHandle first = start(ws, "cat");
        SandboxHandle second = start(ws, "cat");

        assertThat(processUid(commandPid(first, "cat"))).isEqualTo(processUid(commandPid(second, "cat")));
        int uid = uid(ws.dir);
        first.close();
        assertThat(uid(ws.dir)).as("still in use by the second sandbox").isEqualTo(uid);
        second.close();

        for (Path dir : List.of(ws.dir, ws.home)) {
            assertThat(uid(dir)).isZero();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        }
    }

    @Test
    void handingOverNeverFollowsSymbolicLinks() throws Exception {
        Workspace ws = workspace();
        Path victimFile = Files.writeString(scratch.resolve("victim.txt"), "host file");
        Path victimDir = Files.createDirectories(scratch.resolve("victim-dir"));
        Path inside = Files.writeString(victimDir.resolve("inner.txt"), "host file");
        Files.createSymbolicLink(ws.dir.resolve("file-link"), victimFile);
        Files.createSymbolicLink(ws.dir.resolve("dir-link"), victimDir);

        run(ws, "true");

        for (Path path : List.of(victimFile, victimDir, inside)) {
            assertThat(uid(path)).as("owner of %s", path).isZero();
        }
        assertThat(uid(ws.dir.resolve("file-link"))).isNotZero();
    }

    @Test
    void aFullRangeRefusesTheNextWorkspaceNamingTheVariable() throws Exception {
        driver.close();
        driver = new BubblewrapSandboxDriver(BubblewrapSandboxDriverTest.options(scratch)
                .withStateDir(scratch.resolve("state-one-uid")).withHostUids(new HostUidRange(62999, 62999)));
        start(workspace(), "cat");
        Workspace second = workspace();

        assertThatThrownBy(() -> start(second, "true")).isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("POCO_RUNNER_SANDBOX_UID_RANGE=62999-62999");
    }

    /**
     * The runner is the parent of the launcher; when it dies (kill -9, OOM) the sandbox must die too, although the
     * uid switch clears the parent-death signal of everything after setpriv. A shell stands in for the runner.
     */
    @Test
    void theSandboxDiesWithTheProcessThatStartedIt() throws Exception {
        Workspace ws = workspace();
        Files.writeString(ws.dir.resolve("probe"), "");
        Path seccomp = Files.write(scratch.resolve("filter.bpf"), SeccompFilter.program(SeccompFilter.Arch.host()));
        Path passwd = Files.writeString(scratch.resolve("passwd"), BubblewrapCommand.passwd(1000, 1000));
        Path group = Files.writeString(scratch.resolve("group"), BubblewrapCommand.group(1000));
        String marker = "4" + ProcessHandle.current().pid() % 1000 + "17";
        List<String> argv = BubblewrapCommand.build(Path.of("/usr/bin/bwrap"), BubblewrapCommand.systemMounts(),
                SandboxSpec.builder("orphan").workspace(ws.dir).home(ws.home).command("sleep", marker).build(),
                passwd, group, null, new BubblewrapCommand.DropPrivileges(Path.of("/usr/bin/setpriv"), 62998, 62998),
                new BubblewrapCommand.KernelSurface(seccomp, true));
        String line = String.join(" ", argv.stream().map(arg -> "'" + arg.replace("'", "'\\''") + "'").toList());
        Process runner = new ProcessBuilder("bash", "-c", line + " & wait").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<ProcessHandle> tree = new ArrayList<>();
        try {
            org.awaitility.Awaitility.await().atMost(WAIT).failFast(() -> !runner.isAlive())
                    .until(() -> sleepers(runner, marker) == 1);
            tree.addAll(runner.descendants().toList());

            runner.destroyForcibly();

            org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(tree).allSatisfy(p ->
                    assertThat(BubblewrapSandboxHandle.running(p)).as("pid %d", p.pid()).isFalse()));
        } finally {
            runner.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly); // only left when the test failed
        }
    }

    private static long sleepers(Process runner, String marker) {
        return runner.descendants().filter(p -> {
            try {
                String cmdline = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
                return cmdline.equals("sleep\0" + marker + "\0");
            } catch (IOException e) {
                return false;
            }
        }).count();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private record Workspace(Path dir, Path home) {
    }

    private Workspace workspace() throws IOException {
        Path session = Files.createDirectories(scratch.resolve("s" + ids.incrementAndGet()));
        Files.setPosixFilePermissions(session, PosixFilePermissions.fromString("rwx--x--x"));
        return new Workspace(Files.createDirectories(session.resolve("workspace")),
                Files.createDirectories(session.resolve("home")));
    }

    private SandboxSpec spec(Workspace ws, String script) {
        return SandboxSpec.builder("id-" + ids.incrementAndGet()).workspace(ws.dir).home(ws.home)
                .command("sh", "-c", script).build();
    }

    private SandboxHandle start(Workspace ws, String script) {
        SandboxHandle handle = driver.start(spec(ws, script));
        handles.add(handle);
        return handle;
    }

    private String run(Workspace ws, String script) throws Exception {
        try (SandboxHandle handle = driver.start(spec(ws, script))) {
            handle.stdin().close();
            String out = new String(handle.stdout().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(handle.waitFor(WAIT)).isTrue();
            return out;
        }
    }

    /** The host pid of the sandbox's process running {@code name}, once it exists. */
    private static long commandPid(SandboxHandle handle, String name) {
        long[] pid = new long[1];
        org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            pid[0] = ((BubblewrapSandboxHandle) handle).launcher().descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
                    .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
            return pid[0] > 0;
        });
        return pid[0];
    }

    private static int processUid(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("Uid:")).map(line -> Integer.parseInt(line.split("\\s+")[1]))
                .findFirst().orElseThrow();
    }

    private static int uid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static List<String> concat(List<String> prefix, String... rest) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(rest));
        return all;
    }

    /**
     * Runs a host command and returns its combined output; {@code opened} are made searchable by everyone for the
     * duration (and restored), for a command that runs as another uid.
     */
    private static String host(List<String> argv, boolean mustSucceed, List<Path> opened) throws Exception {
        List<String> modes = new ArrayList<>();
        for (Path dir : opened) {
            modes.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        }
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue() == 0).as("%s: %s", argv, out).isEqualTo(mustSucceed);
            return out;
        } finally {
            for (int i = 0; i < opened.size(); i++) {
                Files.setPosixFilePermissions(opened.get(i), PosixFilePermissions.fromString(modes.get(i)));
            }
        }
    }
}
