package dev.poco.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link SandboxDriver} must show. A driver's test subclasses this and supplies only {@link
 * #createDriver(Path)} and {@link #launcher(SandboxHandle)}. Tests run real sandboxes; a driver whose tool is missing must fail here, never skip.
 */
public abstract class SandboxDriverContractTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

    protected Path scratch;
    protected SandboxDriver driver;
    private final AtomicInteger ids = new AtomicInteger();

    /** Creates the driver under test; {@code scratch} is a private directory (mode 0711) the test may use. */
    protected abstract SandboxDriver createDriver(Path scratch) throws Exception;

    /**
     * The host process whose descendants are the sandbox's processes, so the tests can check that none survives;
     * the handle itself shows only streams.
     */
    protected abstract Process launcher(SandboxHandle handle);

    @BeforeEach
    void setUpDriver() throws Exception {
        scratch = Files.createTempDirectory("poco-sandbox-test");
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
        driver = createDriver(scratch);
    }

    @AfterEach
    void closeDriver() throws IOException {
        if (driver != null) {
            driver.close();
        }
        try (Stream<Path> paths = Files.walk(scratch)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void commandRunsInWorkspaceAndWritesIntoHostWorkspace() throws Exception {
        SandboxSpec spec = spec().command("sh", "-c", "pwd; echo hello > out.txt").build();

        Result result = run(spec);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("/workspace\n");
        assertThat(spec.workspaceDir().resolve("out.txt")).hasContent("hello");
    }

    @Test
    void homeIsWritableAndEverythingElseOutsideTmpIsReadOnly() throws Exception {
        SandboxSpec spec = spec().command("sh", "-c", """
                for p in /usr/x /etc/x /x /bin/x /opt/x /proc/x /home/x; do
                  if touch "$p" 2>/dev/null; then echo "WROTE $p"; fi
                done
                echo hi > "$HOME/note" && echo home-ok
                """).build();

        Result result = run(spec);

        assertThat(result.stdout()).isEqualTo("home-ok\n");
        assertThat(spec.homeDir().resolve("note")).hasContent("hi");
    }

    @Test
    void commandRunsAsNonRootAgentWithoutCapabilities() throws Exception {
        Result result = run(spec().command("sh", "-c", "id -u; id -g; id -un; grep CapEff /proc/self/status").build());

        assertThat(result.stdout().lines().toList())
                .containsExactly("1000", "1000", "agent", "CapEff:\t0000000000000000");
    }

    @Test
    void hostLoopbackAndDnsAreUnreachable() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            assertThat(reachableFromHost(port)).as("sanity: the server answers on the host").isTrue();
            hits.set(0);
            Result result = run(spec().command("bash", "-c", """
                    if (exec 3<>/dev/tcp/127.0.0.1/%d) 2>/dev/null; then echo TCP-CONNECTED; fi
                    if command -v curl >/dev/null && curl -s -m 3 http://127.0.0.1:%d/ >/dev/null; then echo CURL-OK; fi
                    if getent hosts example.com >/dev/null 2>&1; then echo DNS-OK; fi
                    tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '
                    """.formatted(port, port)).build());

            assertThat(result.stdout()).isEqualTo("lo\n");
            assertThat(hits).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void environmentIsExactlyWhatWasGiven() throws Exception {
        Result env = run(spec().env("POCO_MARKER", "given").command("/usr/bin/env").build());

        assertThat(env.stdout().lines().sorted().toList()).containsExactly("HOME=/home/agent", "LANG=C.UTF-8",
                "PATH=/opt/claude/bin:/usr/local/bin:/usr/bin:/bin", "POCO_MARKER=given", "PWD=/workspace", "TERM=dumb");

        // Every process of the sandbox, bwrap's own pid 1 included, must be free of the runner's environment.
        Result environs = run(spec().command("sh", "-c",
                "for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < \"$f\" 2>/dev/null; done").build());
        for (Map.Entry<String, String> hostVariable : System.getenv().entrySet()) {
            if (hostVariable.getValue().length() >= 6 && !env.stdout().contains(hostVariable.getValue())) {
                assertThat(environs.stdout()).as("runner variable %s leaked", hostVariable.getKey())
                        .doesNotContain(hostVariable.getKey() + "=" + hostVariable.getValue());
            }
        }
        assertThat(environs.stdout().lines().filter(line -> !line.isBlank()).map(line -> line.split("=", 2)[0]))
                .isSubsetOf("HOME", "LANG", "PATH", "PWD", "TERM");
    }

    @Test
    void otherHostDirectoriesAreNotVisible() throws Exception {
        Path otherSession = Files.createDirectories(scratch.resolve("other-session/workspace"));
        Files.writeString(otherSession.resolve("other-secret.txt"), "not yours");
        Files.setPosixFilePermissions(otherSession.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));

        Result result = run(spec().command("sh", "-c",
                "find / -name other-secret.txt 2>/dev/null; test -e " + otherSession + " && echo VISIBLE; ls -A /tmp")
                .build());

        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void processLimitStopsForkLoop() throws Exception {
        SandboxSpec spec = spec().limits(SandboxLimits.DEFAULTS.withMaxProcesses(32)).command("bash", "-c", """
                sh -c 'i=0; while [ $i -lt 200 ]; do sleep 30 & i=$((i+1)); done; echo spawned $i'
                echo "loop exit $?"
                """).build();

        Result result = run(spec);

        // RLIMIT_NPROC or, where the runner can make one, a pids cgroup (which then replaces the rlimit) refuses forks
        assertThat(result.stdout()).doesNotContain("spawned 200")
                .contains("loop exit 2");
        assertThat(result.stderr()).contains("Cannot fork");
    }

    @Test
    void fileSizeLimitKillsLargeWrite() throws Exception {
        SandboxSpec spec = spec().limits(SandboxLimits.DEFAULTS.withMaxFileSizeBytes(1 << 20))
                .command("dd", "if=/dev/zero", "of=big", "bs=1M", "count=5").build();

        Result result = run(spec);

        assertThat(result.exitCode()).as("dd dies of SIGXFSZ").isEqualTo(128 + 25);
        assertThat(Files.size(spec.workspaceDir().resolve("big"))).isEqualTo(1 << 20);
    }

    @Test
    void openFileLimitApplies() throws Exception {
        Result result = run(spec().limits(SandboxLimits.DEFAULTS.withMaxOpenFiles(64))
                .command("sh", "-c", "ulimit -n").build());

        assertThat(result.stdout()).isEqualTo("64\n");
    }

    @Test
    void wallClockTimeoutKillsCommandAndReportsTimedOut() throws Exception {
        SandboxSpec spec = spec().limits(SandboxLimits.DEFAULTS.withWallClockTimeout(Duration.ofSeconds(1)))
                .command("sleep", "60").build();
        try (SandboxHandle handle = driver.start(spec)) {
            assertThat(handle.waitFor(Duration.ofSeconds(20))).isTrue();

            assertThat(handle.status()).isEqualTo(SandboxStatus.TIMED_OUT);
            assertThat(handle.timedOut()).isTrue();
            assertThat(driver.status(spec.id())).isEqualTo(SandboxStatus.TIMED_OUT);
            assertThat(handle.exitCode()).isPresent();
        }
    }

    @Test
    void stopLeavesNoProcessBehindEvenWhenTermIsIgnored() throws Exception {
        SandboxSpec spec = spec().command("bash", "-c",
                "trap '' TERM; sleep 300 & sleep 300 & (sleep 300 &); echo ready; wait").build();
        try (SandboxHandle handle = driver.start(spec)) {
            handle.stdin().close();
            BufferedReader out = reader(handle);
            assertThat(out.readLine()).isEqualTo("ready");
            List<ProcessHandle> tree = launcher(handle).descendants().toList();
            assertThat(tree).hasSizeGreaterThanOrEqualTo(5); // bwrap init, bash, three sleeps

            driver.stop(spec.id(), Duration.ofMillis(300));

            assertThat(handle.status()).isEqualTo(SandboxStatus.KILLED);
            assertThat(launcher(handle).isAlive()).isFalse();
            for (ProcessHandle process : tree) {
                assertThat(procState(process.pid())).as("state of pid %d in /proc", process.pid())
                        .isIn("gone", "Z");
            }
        }
        assertThat(driver.find(spec.id())).isEmpty();
        assertThat(driver.status(spec.id())).isEqualTo(SandboxStatus.MISSING);
    }

    @Test
    void stopEndsCooperativeCommandWithinGrace() throws Exception {
        SandboxSpec spec = spec().command("sleep", "300").build();
        try (SandboxHandle handle = driver.start(spec)) {
            List<ProcessHandle> tree = awaitTree(handle, 2);

            handle.stop(Duration.ofSeconds(10));

            assertThat(handle.status()).isEqualTo(SandboxStatus.KILLED);
            assertThat(tree).allSatisfy(process -> assertThat(procState(process.pid())).isIn("gone", "Z"));
            handle.stop(Duration.ofSeconds(1)); // idempotent
        }
    }

    @Test
    void stopRightAfterStartEndsTheSandbox() throws Exception {
        SandboxSpec spec = spec().command("sleep", "300").build();
        try (SandboxHandle handle = driver.start(spec)) {
            handle.stop(Duration.ofSeconds(5));

            assertThat(launcher(handle).isAlive()).isFalse();
            assertThat(handle.status()).isEqualTo(SandboxStatus.KILLED);
            assertThat(launcher(handle).descendants()).isEmpty();
            assertThat(procState(launcher(handle).pid())).isEqualTo("gone");
        }
    }

    @Test
    void stdinAndStdoutCarryLinesBothWays() throws Exception {
        try (SandboxHandle handle = driver.start(spec().command("cat").build())) {
            OutputStream in = handle.stdin();
            BufferedReader out = reader(handle);

            in.write("first line\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertThat(out.readLine()).isEqualTo("first line");
            in.write("{\"type\":\"user\"}\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertThat(out.readLine()).isEqualTo("{\"type\":\"user\"}");
            in.close();

            assertThat(handle.waitFor(Duration.ofSeconds(10))).isTrue();
            assertThat(handle.exitCode()).hasValue(0);
            assertThat(handle.status()).isEqualTo(SandboxStatus.EXITED);
        }
    }

    @Test
    void idsAreUniqueUntilClosedAndUnknownIdsAreMissing() throws Exception {
        SandboxSpec spec = spec().command("sleep", "30").build();
        try (SandboxHandle handle = driver.start(spec)) {
            assertThat(driver.find(spec.id())).containsSame(handle);
            assertThat(driver.status(spec.id())).isEqualTo(SandboxStatus.RUNNING);
            assertThatThrownBy(() -> driver.start(spec)).isInstanceOf(SandboxStartException.class);
        }
        assertThat(driver.status("never-started")).isEqualTo(SandboxStatus.MISSING);
        driver.stop("never-started", Duration.ZERO);
    }

    @Test
    void kernelTunablesAndSysfsAreNotWritable() throws Exception {
        Result result = run(spec().command("bash", "-c", """
                echo "entries $(find /proc/sys -type f 2>/dev/null | wc -l)"
                echo "writable $(find /proc/sys /sys -writable -type f 2>/dev/null | wc -l)"
                n=0; for f in $(find /proc/sys /sys -type f 2>/dev/null); do test -w "$f" && n=$((n+1)); done
                echo "test-w $n"
                if echo '|/tmp/x' > /proc/sys/kernel/core_pattern 2>/dev/null; then echo WROTE-CORE-PATTERN; fi
                if echo 1 > /proc/sys/vm/drop_caches 2>/dev/null; then echo WROTE-DROP-CACHES; fi
                """).build());

        assertThat(result.stdout()).contains("writable 0\n", "test-w 0\n").doesNotContain("WROTE");
        assertThat(Integer.parseInt(result.stdout().lines().findFirst().orElseThrow().split(" ")[1]))
                .as("sanity: /proc/sys is there to be probed").isGreaterThan(100);
    }

    @Test
    void newNamespacesAndMountsAreRefused() throws Exception {
        Result result = run(spec().command("bash", "-c", """
                unshare -U true 2>/dev/null && echo UNSHARE-USER
                unshare -Ur true 2>/dev/null && echo UNSHARE-ROOT
                unshare -m true 2>/dev/null && echo UNSHARE-MOUNT
                mkdir -p /tmp/x && mount -t tmpfs x /tmp/x 2>/dev/null && echo MOUNTED
                echo done
                """).build());

        assertThat(result.stdout()).isEqualTo("done\n");
    }

    /**
     * The raw syscalls, through perl, so that libc or a tool cannot hide the errno: EPERM from the seccomp filter
     * where the kernel alone would answer differently (ptrace(TRACEME) succeeds, keyctl reports the keyring,
     * clone3 validates its arguments, clone with CLONE_NEWUSER makes a namespace).
     */
    @Test
    void riskySyscallsFailWithEpermAndClone3WithEnosys() throws Exception {
        Map<String, Integer> nr = SeccompFilter.table(SeccompFilter.Arch.host());
        String calls = String.join("\n",
                "check('ptrace', " + nr.get("ptrace") + ", 0, 0, 0, 0);",
                "check('keyctl', " + nr.get("keyctl") + ", 0, -3, 0, 0);",
                "check('add_key', " + nr.get("add_key") + ", 0, 0, 0, 0);",
                "check('bpf', " + nr.get("bpf") + ", 0, 0, 0, 0);",
                "check('userfaultfd', " + nr.get("userfaultfd") + ", 0, 0, 0, 0);",
                "check('perf_event_open', " + nr.get("perf_event_open") + ", 0, 0, 0, 0);",
                "check('setns', " + nr.get("setns") + ", 0, 0, 0, 0);",
                "check('process_vm_readv', " + nr.get("process_vm_readv") + ", 1, 0, 0, 0);",
                "check('clone-newuser', " + nr.get("clone") + ", 0x10000011, 0, 0, 0);",
                "check('clone-newnet', " + nr.get("clone") + ", 0x40000011, 0, 0, 0);",
                "check('clone3', " + nr.get("clone3") + ", 0, 0, 0, 0);");
        Result result = run(spec().command("perl", "-e", """
                sub check { my ($name, $nr, @args) = @_; $! = 0; my $r = syscall($nr, @args);
                  exit 0 if $r == 0 && $name =~ /^clone/;
                  print "$name ", ($r == -1 ? $! + 0 : "returned $r"), "\n"; }
                """ + calls + "\nmy $pid = fork(); if ($pid == 0) { exit 7 } waitpid($pid, 0);"
                + " print 'fork ', $? >> 8, \"\\n\";\n").build());

        assertThat(result.stdout().lines().toList()).as(result.stderr()).containsExactly("ptrace 1", "keyctl 1",
                "add_key 1", "bpf 1", "userfaultfd 1", "perf_event_open 1", "setns 1", "process_vm_readv 1",
                "clone-newuser 1", "clone-newnet 1", "clone3 38", "fork 7");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** A spec with fresh workspace and home directories and a unique id. */
    protected SandboxSpec.Builder spec() throws IOException {
        String id = "t" + ids.incrementAndGet() + "-" + ProcessHandle.current().pid();
        Path workspace = Files.createDirectories(scratch.resolve(id + "/workspace"));
        Path home = Files.createDirectories(scratch.resolve(id + "/home"));
        Files.setPosixFilePermissions(scratch.resolve(id), PosixFilePermissions.fromString("rwx--x--x"));
        return SandboxSpec.builder(id).workspace(workspace).home(home);
    }

    /** Runs to completion with stdin closed, collecting both output streams. */
    protected Result run(SandboxSpec spec) throws Exception {
        try (SandboxHandle handle = driver.start(spec)) {
            handle.stdin().close();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(
                    () -> readAll(handle.stderr()));
            String stdout = readAll(handle.stdout());
            assertThat(handle.waitFor(RUN_TIMEOUT)).as("sandbox %s finished", spec.id()).isTrue();
            return new Result(handle.exitCode().orElseThrow(), stdout, stderr.get());
        }
    }

    protected record Result(int exitCode, String stdout, String stderr) {
    }

    private static String readAll(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedReader reader(SandboxHandle handle) {
        return new BufferedReader(new InputStreamReader(handle.stdout(), StandardCharsets.UTF_8));
    }

    private List<ProcessHandle> awaitTree(SandboxHandle handle, int size) {
        return await("sandbox processes").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> launcher(handle).descendants().toList(), tree -> tree.size() >= size);
    }

    /**
     * "gone" if the pid has left /proc, else its state letter. A zombie ("Z") runs nothing: the sandbox's dead
     * processes are re-parented to the host's pid 1, and some inits reap them only after a second or two.
     */
    protected static String procState(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "gone";
        }
    }

    private static boolean reachableFromHost(int port) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<Void> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        }
    }
}
