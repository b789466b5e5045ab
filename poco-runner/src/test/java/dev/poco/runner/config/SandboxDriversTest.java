package dev.poco.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.runner.sandbox.GatewayEndpointKind;
import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@code POCO_SANDBOX_DRIVER}: which driver the runner builds, and the guard on {@code none}. */
class SandboxDriversTest {

    @TempDir
    Path home;

    /** The settings as the runner binds them from these environment variables. */
    private static Binder binder(Map<String, Object> env) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", env));
        return new Binder(ConfigurationPropertySources.get(environment));
    }

    private SandboxDriver create(Map<String, Object> env) {
        Binder binder = binder(env);
        return SandboxDrivers.create(binder.bindOrCreate("poco.sandbox", SandboxProperties.class),
                binder.bindOrCreate("poco.runner", RunnerProperties.class), home);
    }

    @Test
    void bubblewrapIsTheDefaultAndReachesTheGatewayOverAUnixSocket() {
        SandboxProperties defaults = binder(Map.of()).bindOrCreate("poco.sandbox", SandboxProperties.class);
        assertThat(defaults).isEqualTo(new SandboxProperties("bubblewrap", false));

        try (SandboxDriver driver = create(Map.of())) {
            assertThat(driver.name()).isEqualTo("bubblewrap");
            assertThat(driver.gatewayEndpointKind()).isEqualTo(GatewayEndpointKind.UNIX);
        }
    }

    @Test
    void noneIsRefusedUnlessUnsandboxedRunsAreAllowed() {
        assertThatThrownBy(() -> create(Map.of("POCO_SANDBOX_DRIVER", "none")))
                .isInstanceOf(SandboxDrivers.InvalidSandboxConfigurationException.class)
                .hasMessageContaining("no isolation").hasMessageContaining("POCO_SANDBOX_ALLOW_UNSANDBOXED=true");
        assertThatThrownBy(() -> create(Map.of("POCO_SANDBOX_DRIVER", "none", "POCO_SANDBOX_ALLOW_UNSANDBOXED",
                "false"))).isInstanceOf(SandboxDrivers.InvalidSandboxConfigurationException.class);
    }

    @Test
    void anUnknownDriverStopsTheRunnerNamingTheAllowedValues() {
        new ApplicationContextRunner()
                .withUserConfiguration(RunnerConfiguration.class)
                .withPropertyValues("poco.home=" + home, "poco.sandbox.driver=docker")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessage("POCO_SANDBOX_DRIVER=docker is not a sandbox driver; allowed values:"
                                + " bubblewrap, none"));
        new ApplicationContextRunner()
                .withUserConfiguration(RunnerConfiguration.class)
                .withPropertyValues("poco.home=" + home, "poco.sandbox.driver=none")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("POCO_SANDBOX_ALLOW_UNSANDBOXED=true"));
    }

    @Test
    void noneWhenAllowedRunsTheCommandOnTheHostWithItsStreams() throws Exception {
        Path workspace = Files.createDirectories(home.resolve("ws"));
        Path agentHome = Files.createDirectories(home.resolve("agent"));
        try (SandboxDriver driver = create(Map.of("POCO_SANDBOX_DRIVER", "none",
                "POCO_SANDBOX_ALLOW_UNSANDBOXED", "true"))) {
            assertThat(driver.name()).isEqualTo("none");
            assertThat(driver.gatewayEndpointKind()).isEqualTo(GatewayEndpointKind.TCP);
            SandboxSpec spec = SandboxSpec.builder("dev-1").workspace(workspace).home(agentHome)
                    .env("GREETING", "hello")
                    .env("NOTES", SandboxSpec.WORKSPACE + "/notes.txt")
                    .command("sh", "-c", "read line; echo \"$GREETING $line in $PWD home $HOME notes $NOTES\";"
                            + " echo \"runner env: ${JAVA_HOME:-none}\"; echo oops >&2; exit 3")
                    .build();
            try (SandboxHandle handle = driver.start(spec)) {
                try (OutputStream stdin = handle.stdin()) {
                    stdin.write("world\n".getBytes(StandardCharsets.UTF_8));
                }
                BufferedReader stdout = new BufferedReader(new InputStreamReader(handle.stdout(),
                        StandardCharsets.UTF_8));
                assertThat(stdout.readLine()).isEqualTo("hello world in " + workspace.toRealPath() + " home "
                        + agentHome + " notes " + workspace + "/notes.txt");
                assertThat(stdout.readLine()).as("a fresh environment").isEqualTo("runner env: none");
                assertThat(new String(handle.stderr().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("oops\n");
                assertThat(handle.exit().get(30, TimeUnit.SECONDS)).isEqualTo(3);
                assertThat(handle.exitCode()).hasValue(3);
            }
            assertThat(driver.find("dev-1")).isEmpty();
        }
    }

    @Test
    void noneStopsACommandThatRunsPastItsWallClockLimit() throws IOException, InterruptedException {
        Path workspace = Files.createDirectories(home.resolve("ws2"));
        try (SandboxDriver driver = create(Map.of("POCO_SANDBOX_DRIVER", "none",
                "POCO_SANDBOX_ALLOW_UNSANDBOXED", "true"))) {
            SandboxSpec spec = SandboxSpec.builder("dev-2").workspace(workspace).home(workspace)
                    .command("sleep", "600")
                    .limits(dev.poco.runner.sandbox.SandboxLimits.DEFAULTS.withWallClockTimeout(Duration.ofSeconds(1)))
                    .build();
            try (SandboxHandle handle = driver.start(spec)) {
                assertThat(handle.waitFor(Duration.ofSeconds(30))).isTrue();
                assertThat(handle.timedOut()).isTrue();
                assertThat(handle.status()).isEqualTo(dev.poco.runner.sandbox.SandboxStatus.TIMED_OUT);
            }
        }
    }
}
