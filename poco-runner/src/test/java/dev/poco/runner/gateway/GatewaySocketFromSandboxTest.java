package dev.poco.runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.runner.sandbox.BubblewrapOptions;
import dev.poco.runner.sandbox.BubblewrapSandboxDriver;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket works through a read-only bind for a sandbox owned by an unprivileged host user, while that user cannot
 * list the runs' directories.
 */
class GatewaySocketFromSandboxTest {

    private static final String REAL_KEY = "sk-ant-socket-test-123456";

    @TempDir
    Path scratch;

    @Test
    void unprivilegedSandboxReachesTheSocketButNotOtherRuns() throws Exception {
        assertThat(Path.of("/usr/bin/curl")).as("curl is needed inside the sandbox: apt-get install curl")
                .isExecutable();
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
        Path workspace = Files.createDirectories(scratch.resolve("s/workspace"));
        Path home = Files.createDirectories(scratch.resolve("s/home"));
        Files.setPosixFilePermissions(scratch.resolve("s"), PosixFilePermissions.fromString("rwx--x--x"));
        try (FakeUpstream upstream = new FakeUpstream();
                ModelGateway gateway = ModelGateway.open(scratch.resolve("llm"), "run-a",
                        GatewayConfig.of(upstream.baseUrl(), new UpstreamCredential.ApiKey(REAL_KEY)));
                ModelGateway otherRun = ModelGateway.open(scratch.resolve("llm"), "run-b",
                        GatewayConfig.of(upstream.baseUrl(), new UpstreamCredential.ApiKey(REAL_KEY)));
                BubblewrapSandboxDriver driver = new BubblewrapSandboxDriver(BubblewrapOptions.defaults()
                        .withStateDir(scratch.resolve("state")))) {
            SandboxSpec spec = SandboxSpec.builder("curl").workspace(workspace).home(home)
                    .readOnlyBind(gateway.runDirectory(), ModelGateway.SANDBOX_DIR)
                    .command("sh", "-c", """
                            curl -sS --unix-socket /run/llm/api.sock -H 'x-api-key: sandbox-placeholder' \
                              -H 'content-type: application/json' -d '{"model":"m","stream":true}' \
                              http://llm.invalid/v1/messages
                            ls /run/llm
                            """)
                    .build();

            String stdout;
            try (SandboxHandle handle = driver.start(spec)) {
                handle.stdin().close();
                stdout = new String(handle.stdout().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(handle.waitFor(Duration.ofSeconds(30))).isTrue();
            }

            assertThat(stdout).contains("event: message_stop").endsWith("api.sock\n");
            assertThat(upstream.requests).singleElement()
                    .satisfies(request -> assertThat(request.header("x-api-key")).isEqualTo(REAL_KEY));
            assertThat(gateway.usage().requests()).isEqualTo(1);

            assertThat(Files.getPosixFilePermissions(scratch.resolve("llm")))
                    .isEqualTo(PosixFilePermissions.fromString("rwx--x--x"));
            if (!"root".equals(System.getProperty("user.name"))) {
                return; // switching to another uid to try the listing needs root; the mode check above remains
            }
            Process listing = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "ls", scratch.resolve("llm").toString()).redirectErrorStream(true).start();
            String output = new String(listing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(listing.waitFor()).as(output).isNotZero();
            assertThat(output).contains("Permission denied").doesNotContain("run-b");
            assertThat(otherRun.socketPath()).exists();
        }
    }
}
