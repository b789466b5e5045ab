package dev.poco.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Limits that hold, with real bubblewrap and the host's real cgroups. The driver maps the sandbox to the runner's uid,
 * which is root in CI: root ignores RLIMIT_NPROC, so the process limit there rests on the cgroup pids controller.
 */
class SandboxLimitsTest {

    private static final Duration WATCHDOG = Duration.ofMillis(200);
    private static final Duration END = Duration.ofSeconds(60);

    private Path scratch;
    private BubblewrapSandboxDriver driver;

    @BeforeEach
    void setUp() throws IOException {
        scratch = Files.createTempDirectory("poco-limits-test");
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
        driver = new BubblewrapSandboxDriver(BubblewrapSandboxDriverTest.options(scratch),
                LimitOptions.defaults().withWatchdogInterval(WATCHDOG));
    }

    @AfterEach
    void tearDown() throws IOException {
        driver.close();
        try (Stream<Path> paths = Files.walk(scratch)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void forkBombEndsWithTheProcessLimitAndTheHostStaysResponsive() throws Exception {
        assumeEnforced(Limit.PROCESSES);
        SandboxLimits limits = SandboxLimits.DEFAULTS.withMaxProcesses(64);
        // The top shell stays (sleep, not wait): with `wait` it returned as soon as its own pipeline's subshells
        // had forked and exited, and the sandbox's init then ended the orphaned bomb before it reached the limit
        // on some runs. The agent's Bash tool keeps its sandbox alive the same way (see SandboxLimitsEndToEndTest).
        SandboxSpec spec = spec(limits).command("bash", "-c", "bomb() { bomb | bomb & }; bomb; sleep 600").build();

        try (SandboxHandle handle = driver.start(spec)) {
            assertThat(handle.waitFor(END)).as("the bomb is stopped, not left to the one-hour wall clock").isTrue();
            assertThat(handle.endReason()).contains(SandboxEndReason.PROCESS_LIMIT);
            assertThat(SandboxEndReason.PROCESS_LIMIT.describe(limits)).isEqualTo(
                    "sandbox exceeded its process limit of 64 processes (POCO_RUNNER_MAX_PROCESSES)");
        }
        // The host still starts processes (this test thread itself kept running to get here).
        assertThat(new ProcessBuilder("true").start().waitFor()).isZero();
    }

    @Test
    void allocatingTwoGibUnderAHalfGibLimitEndsWithTheMemoryReason() throws Exception {
        SandboxLimits limits = SandboxLimits.DEFAULTS.withMemoryBytes(512L << 20);
        SandboxSpec spec = spec(limits).command("python3", "-c", "b = bytearray(2 << 30)").build();

        try (SandboxHandle handle = driver.start(spec)) {
            assertThat(handle.waitFor(END)).isTrue();
            assertThat(handle.endReason()).contains(SandboxEndReason.MEMORY_LIMIT);
        }
        assertThat(SandboxEndReason.MEMORY_LIMIT.describe(limits))
                .isEqualTo("sandbox exceeded its memory limit of 512 MiB");
    }

    @Test
    void withoutCgroupsTheWatchdogStopsASandboxOverItsMemoryLimit() throws Exception {
        driver.close();
        driver = new BubblewrapSandboxDriver(BubblewrapSandboxDriverTest.options(scratch)
                .withStateDir(scratch.resolve("state2")),
                LimitOptions.defaults().withUseCgroups(false).withWatchdogInterval(WATCHDOG));
        assertThat(driver.isolationReport().limits()).filteredOn(status -> status.limit() == Limit.MEMORY)
                .singleElement().extracting(IsolationReport.LimitStatus::enforcement)
                .isEqualTo(IsolationReport.Enforcement.WATCHDOG);
        SandboxLimits limits = SandboxLimits.DEFAULTS.withMemoryBytes(256L << 20);
        // Holds 1 GiB until stopped; the sleep bounds it should the watchdog fail.
        SandboxSpec spec = spec(limits).command("python3", "-c",
                "import time; b = bytearray(1 << 30); print('allocated', flush=True); time.sleep(300)").build();

        try (SandboxHandle handle = driver.start(spec)) {
            assertThat(handle.waitFor(END)).isTrue();
            assertThat(handle.endReason()).contains(SandboxEndReason.MEMORY_LIMIT);
            assertThat(handle.status()).isEqualTo(SandboxStatus.KILLED);
        }
    }

    @Test
    void writingPastTheDiskLimitStopsTheSandboxAndKeepsWhatWasWritten() throws Exception {
        SandboxLimits limits = SandboxLimits.DEFAULTS.withDiskBytes(8L << 20);
        // 1 MiB per file, at most 200 MiB should the watchdog fail, then waits to be stopped.
        SandboxSpec spec = spec(limits).command("sh", "-c", "echo kept > kept.txt; i=0; while [ $i -lt 200 ]; do"
                + " head -c 1048576 /dev/zero > part$i; i=$((i+1)); done; sleep 300").build();

        try (SandboxHandle handle = driver.start(spec)) {
            assertThat(handle.waitFor(END)).isTrue();
            assertThat(handle.endReason()).contains(SandboxEndReason.DISK_LIMIT);
        }
        assertThat(spec.workspaceDir().resolve("kept.txt")).hasContent("kept");
        assertThat(spec.workspaceDir().resolve("part0")).hasSize(1 << 20);
        assertThat(SandboxEndReason.DISK_LIMIT.describe(limits)).isEqualTo("sandbox exceeded its workspace disk limit"
                + " of 8 MiB (POCO_RUNNER_DISK_LIMIT_MB); the workspace up to then is kept");
    }

    @Test
    void enforceLimitsCatchesWhatHappenedSinceTheLastCheck() throws Exception {
        driver.close();
        driver = new BubblewrapSandboxDriver(BubblewrapSandboxDriverTest.options(scratch)
                .withStateDir(scratch.resolve("state2")), LimitOptions.defaults().withWatchdogInterval(Duration.ofHours(1)));
        SandboxSpec spec = spec(SandboxLimits.DEFAULTS.withDiskBytes(4L << 20))
                .command("sh", "-c", "head -c 6000000 /dev/zero > big; echo written; cat").build();

        try (SandboxHandle handle = driver.start(spec)) {
            assertThat(new String(handle.stdout().readNBytes(8), StandardCharsets.UTF_8))
                    .isEqualTo("written\n");
            assertThat(handle.endReason()).isEmpty();

            assertThat(handle.enforceLimits()).contains(SandboxEndReason.DISK_LIMIT);
            assertThat(handle.waitFor(END)).isTrue();
            assertThat(handle.endReason()).contains(SandboxEndReason.DISK_LIMIT);
        }
    }

    @Test
    void theWallClockLimitIsAnEndReasonAsSoonAsItFires() throws Exception {
        SandboxSpec spec = spec(SandboxLimits.DEFAULTS).limits(SandboxLimits.DEFAULTS
                .withWallClockTimeout(Duration.ofMillis(500))).command("sleep", "300").build();

        try (SandboxHandle handle = driver.start(spec)) {
            await().atMost(END).until(() -> handle.endReason().isPresent());
            assertThat(handle.enforceLimits()).contains(SandboxEndReason.TIMEOUT);
            assertThat(handle.waitFor(END)).isTrue();
            assertThat(handle.endReason()).contains(SandboxEndReason.TIMEOUT);
        }
    }

    @Test
    void aSandboxWithinItsLimitsEndsAsExited() throws Exception {
        SandboxSpec spec = spec(SandboxLimits.DEFAULTS.withDiskBytes(64L << 20)).command("sh", "-c", "echo hi > f")
                .build();

        try (SandboxHandle handle = driver.start(spec)) {
            assertThat(handle.waitFor(END)).isTrue();
            assertThat(handle.endReason()).contains(SandboxEndReason.EXITED);
            assertThat(handle.enforceLimits()).isEmpty();
        }
    }

    @Test
    void fileSizeLimitGivesTheWriterAClearError() throws Exception {
        SandboxSpec spec = spec(SandboxLimits.DEFAULTS.withMaxFileSizeBytes(1 << 20))
                .command("bash", "-c", "head -c 2000000 /dev/zero > big; echo status $?").build();

        try (SandboxHandle handle = driver.start(spec)) {
            String out = new String(handle.stdout().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(handle.stderr().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(handle.waitFor(END)).isTrue();
            assertThat(out).isEqualTo("status 153\n");
            assertThat(err).contains("File size limit exceeded");
        }
    }

    @Test
    void requireLimitsRefusesToStartWhenALimitIsMissingAndNamesTheFix() {
        LimitOptions noCgroups = LimitOptions.defaults().withUseCgroups(false);

        assertThatThrownBy(() -> new LimitEnforcer(noCgroups.withRequireLimits(true), scratch, true))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("POCO_RUNNER_REQUIRE_LIMITS=true")
                .hasMessageContaining("process limit (POCO_RUNNER_MAX_PROCESSES) is not enforced")
                .hasMessageContaining("cgroup pids controller")
                .hasMessageContaining("non-root");
        assertThat(new LimitEnforcer(noCgroups, scratch, true).statuses())
                .filteredOn(status -> !status.enforced()).extracting(IsolationReport.LimitStatus::limit)
                .containsExactly(Limit.PROCESSES);
        assertThat(new LimitEnforcer(noCgroups.withRequireLimits(true), scratch, false).statuses())
                .as("a non-root sandbox uid is bound by RLIMIT_NPROC").allMatch(IsolationReport.LimitStatus::enforced);
    }

    @Test
    void theDriverWithoutCgroupsStartsUnderRequireLimitsExactlyWhenNothingIsMissing() {
        driver.close();
        LimitOptions noCgroups = LimitOptions.defaults().withUseCgroups(false);
        BubblewrapOptions options = BubblewrapSandboxDriverTest.options(scratch).withStateDir(scratch.resolve("s3"));
        driver = new BubblewrapSandboxDriver(options, noCgroups);
        List<IsolationReport.LimitStatus> missing = driver.isolationReport().unenforced();
        driver.close();

        if (missing.isEmpty()) {
            driver = new BubblewrapSandboxDriver(options, noCgroups.withRequireLimits(true));
            assertThat(driver.isolationReport().unenforced()).isEmpty();
        } else {
            // A root-mapped sandbox without a pids cgroup: root ignores RLIMIT_NPROC.
            assertThat(missing).extracting(IsolationReport.LimitStatus::limit).containsExactly(Limit.PROCESSES);
            assertThatThrownBy(() -> new BubblewrapSandboxDriver(options, noCgroups.withRequireLimits(true)))
                    .isInstanceOf(SandboxUnavailableException.class)
                    .hasMessageContaining("POCO_RUNNER_MAX_PROCESSES");
            driver = new BubblewrapSandboxDriver(options, noCgroups);
        }
    }

    private void assumeEnforced(Limit limit) {
        IsolationReport report = driver.isolationReport();
        assumeTrue(report.unenforced().stream().noneMatch(status -> status.limit() == limit),
                () -> "this host cannot enforce the " + limit.label() + ": " + report.lines());
    }

    private SandboxSpec.Builder spec(SandboxLimits limits) throws IOException {
        String id = "limits-" + UUID.randomUUID().toString().substring(0, 8);
        Path workspace = Files.createDirectories(scratch.resolve(id).resolve("workspace"));
        Path home = Files.createDirectories(scratch.resolve(id).resolve("home"));
        return SandboxSpec.builder(id).workspace(workspace).home(home)
                .limits(limits.withWallClockTimeout(Duration.ofMinutes(5)));
    }
}
