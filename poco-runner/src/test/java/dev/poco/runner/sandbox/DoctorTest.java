package dev.poco.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ./poco doctor}'s entry point against this machine, whose facts the test finds out on its own. */
class DoctorTest {

    private Path home;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createTempDirectory("poco-doctor-test");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
    }

    @AfterEach
    void tearDown() throws IOException {
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void printsTheIsolationThisMachineGives() throws Exception {
        Map<String, String> env = env();

        int status = Doctor.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), env);

        List<String> lines = output().lines().toList();
        assertThat(status).as(output()).isZero();
        assertThat(lines).contains("sandbox: usable", "runner uid: " + uid());
        assertThat(lines).as(output()).anyMatch(line -> line.startsWith("seccomp: on ("));
        assertThat(lines).contains("sandbox driver: bubblewrap (" + run("/usr/bin/bwrap", "--version") + ")");
        assertThat(lines).filteredOn(line -> line.startsWith("cgroup mode: "))
                .singleElement().asString().startsWith("cgroup mode: " + expectedCgroupMode());
        for (Limit limit : Limit.values()) {
            assertThat(lines).as(output()).anyMatch(line -> line.startsWith("limit "
                    + limit.name().toLowerCase(Locale.ROOT).replace('_', '-') + ": "));
        }
        boolean processesEnforced = !expectedCgroupMode().equals("none") || uid() != 0;
        assertThat(lines).anyMatch(line -> line.startsWith("limit processes: ")
                && line.contains("NOT ENFORCED") != processesEnforced);
        String cli = env.get("POCO_CLAUDE_BIN");
        if (cli != null) {
            assertThat(lines).contains("claude cli: " + run(cli, "--version") + " (" + cli + ")");
        }
    }

    @Test
    void anUnusableSandboxExitsNonZeroAndSaysWhy() {
        BubblewrapOptions options = BubblewrapOptions.defaults().withStateDir(home.resolve("state"))
                .withBwrapPath(home.resolve("no-bwrap"));

        int status = Doctor.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), env(), options);

        assertThat(status).isEqualTo(1);
        assertThat(output()).contains("sandbox: UNUSABLE: bwrap not found").contains("apt-get install bubblewrap");
    }

    @Test
    void theNoneDriverIsNamedWarnedAboutAndRefusedUnlessAllowed() {
        Map<String, String> env = env();
        env.put("POCO_SANDBOX_DRIVER", "none");

        int refused = Doctor.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), env);

        assertThat(refused).isEqualTo(1);
        assertThat(output()).contains("sandbox driver: none (POCO_SANDBOX_DRIVER): WARNING: NO ISOLATION")
                .contains("sandbox: REFUSED: the runner does not start unless POCO_SANDBOX_ALLOW_UNSANDBOXED=true");

        bytes.reset();
        env.put("POCO_SANDBOX_ALLOW_UNSANDBOXED", "true");
        assertThat(Doctor.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), env)).isZero();
        assertThat(output()).contains("NO ISOLATION").contains("sandbox: allowed by POCO_SANDBOX_ALLOW_UNSANDBOXED=true");

        bytes.reset();
        env.put("POCO_SANDBOX_DRIVER", "docker");
        assertThat(Doctor.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), env)).isEqualTo(1);
        assertThat(output()).contains("UNKNOWN docker").contains("allowed values: bubblewrap, none");
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("POCO_HOME", home.toString());
        String cli = System.getenv("POCO_CLAUDE_BIN");
        if (cli != null) {
            env.put("POCO_CLAUDE_BIN", cli);
        }
        return env;
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** "v2", "v1" or "none", found the way an operator would: which hierarchy is mounted and writable here. */
    private static String expectedCgroupMode() throws IOException {
        Path unified = Path.of("/sys/fs/cgroup/cgroup.controllers");
        if (Files.isRegularFile(unified) && Files.readString(unified).contains("pids")
                && Files.readString(unified).contains("memory") && Files.isWritable(unified.getParent())) {
            return "v2";
        }
        for (String controller : List.of("pids", "memory")) {
            Path mount = Path.of("/sys/fs/cgroup", controller);
            if (Files.isDirectory(mount) && Files.isRegularFile(mount.resolve("cgroup.procs"))
                    && Files.isWritable(mount) && uid() == 0) {
                return "v1";
            }
        }
        return "none";
    }

    private static int uid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor();
        return out;
    }
}
