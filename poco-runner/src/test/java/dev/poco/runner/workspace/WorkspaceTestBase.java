package dev.poco.runner.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.runner.sandbox.BubblewrapOptions;
import dev.poco.runner.sandbox.BubblewrapSandboxDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real bubblewrap and real git, as the runner uses them: as root (CI) every sandbox runs as a host uid of the default
 * range, as in production. A missing tool fails the test with the package to install.
 */
abstract class WorkspaceTestBase {

    static final Duration GIT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path scratch;

    BubblewrapSandboxDriver driver;
    WorkspaceManager manager;
    UUID sessionId = UUID.randomUUID();

    @BeforeEach
    void startDriver() throws IOException {
        assertThat(Path.of("/usr/bin/bwrap")).as("bubblewrap is required: apt-get install bubblewrap").isExecutable();
        assertThat(Path.of("/usr/bin/git")).as("git is required (host and sandbox): apt-get install git")
                .isExecutable();
        driver = new BubblewrapSandboxDriver(BubblewrapOptions.defaults().withStateDir(scratch.resolve("state")));
        manager = new WorkspaceManager(Files.createDirectories(scratch.resolve("workspaces")), driver, GIT_TIMEOUT);
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Names of the marker files planted commands left in {@code dir}, sorted; empty when it does not exist. */
    static List<String> markers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    SessionWorkspace prepare() {
        return manager.prepare("user-1", sessionId);
    }

    static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    /**
     * Host git for assertions on repositories the test itself built; hooks and fsmonitor off so that even a test
     * that planted them can look safely.
     */
    static String hostGit(Path dir, String... args) throws Exception {
        return hostGit(dir, Map.of(), args);
    }

    static String hostGit(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "core.hooksPath=/dev/null",
                "-c", "core.fsmonitor=false", "-c", "safe.directory=*"));
        argv.addAll(List.of(args));
        return run(argv, env);
    }

    /** Runs a host command to completion; fails the test on a non-zero exit. */
    static String run(List<String> argv, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", argv).isTrue();
        String text = new String(output.get(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s: %s", argv, text).isZero();
        return text;
    }
}
