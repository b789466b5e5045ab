package dev.poco.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.runner.sandbox.GatewayEndpointKind;
import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxSpec;
import dev.poco.runner.sandbox.kubernetes.KubernetesOptions;
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
                binder.bindOrCreate("poco.runner", RunnerProperties.class), home,
                binder.bindOrCreate("poco.k8s", KubernetesProperties.class),
                binder.bind("poco.gateway.advertise-host", String.class).orElse(null));
    }

    /** The kubernetes driver's options from these environment variables, as the runner binds them. */
    private KubernetesOptions kubernetes(Map<String, Object> env, Map<String, String> processEnv, Path namespaceFile) {
        Binder binder = binder(env);
        return SandboxDrivers.kubernetesOptions(binder.bindOrCreate("poco.k8s", KubernetesProperties.class), home,
                binder.bind("poco.gateway.advertise-host", String.class).orElse(null), processEnv, namespaceFile);
    }

    @Test
    void kubernetesNeedsItsImageAndClaimAndSaysWhichVariableIsMissing() {
        assertThatThrownBy(() -> create(Map.of("POCO_SANDBOX_DRIVER", "kubernetes",
                "POCO_K8S_WORKSPACE_CLAIM", "poco-data")))
                .isInstanceOf(SandboxDrivers.InvalidSandboxConfigurationException.class)
                .hasMessageStartingWith("POCO_SANDBOX_DRIVER=kubernetes needs POCO_K8S_SANDBOX_IMAGE: the image of"
                        + " the sandbox pods")
                .hasMessageContaining("/opt/claude/bin/claude");
        assertThatThrownBy(() -> create(Map.of("POCO_SANDBOX_DRIVER", "kubernetes",
                "POCO_K8S_SANDBOX_IMAGE", "poco/sandbox:1")))
                .isInstanceOf(SandboxDrivers.InvalidSandboxConfigurationException.class)
                .hasMessageStartingWith("POCO_SANDBOX_DRIVER=kubernetes needs POCO_K8S_WORKSPACE_CLAIM: the"
                        + " PersistentVolumeClaim");
    }

    @Test
    void kubernetesRefusesABadSeccompProfileSelectorOrMissingRunnerId() {
        Path noFile = home.resolve("no-namespace");
        Map<String, Object> required = Map.of("POCO_K8S_SANDBOX_IMAGE", "poco/sandbox:1",
                "POCO_K8S_WORKSPACE_CLAIM", "poco-data", "POCO_GATEWAY_ADVERTISE_HOST", "10.0.0.7");
        Map<String, Object> seccomp = new java.util.HashMap<>(required);
        seccomp.put("POCO_K8S_SECCOMP_PROFILE", "Unconfined");
        assertThatThrownBy(() -> kubernetes(seccomp, Map.of("HOSTNAME", "runner-0"), noFile))
                .isInstanceOf(SandboxDrivers.InvalidSandboxConfigurationException.class)
                .hasMessage("POCO_SANDBOX_DRIVER=kubernetes: POCO_K8S_SECCOMP_PROFILE: the seccomp profile must be"
                        + " RuntimeDefault or localhost/<file>: Unconfined");
        Map<String, Object> selector = new java.util.HashMap<>(required);
        selector.put("POCO_K8S_RUNNER_SELECTOR", "app=poco,runner");
        assertThatThrownBy(() -> kubernetes(selector, Map.of("HOSTNAME", "runner-0"), noFile))
                .isInstanceOf(SandboxDrivers.InvalidSandboxConfigurationException.class)
                .hasMessageStartingWith("POCO_K8S_RUNNER_SELECTOR must be label=value pairs separated by commas")
                .hasMessageEndingWith("not a key=value pair: 'runner'");
        assertThatThrownBy(() -> kubernetes(required, Map.of(), noFile))
                .isInstanceOf(SandboxDrivers.InvalidSandboxConfigurationException.class)
                .hasMessageStartingWith("POCO_SANDBOX_DRIVER=kubernetes needs POCO_K8S_RUNNER_ID (default HOSTNAME");
    }

    @Test
    void kubernetesDefaultsComeFromThePodAndPocoHome() throws IOException {
        Path namespaceFile = Files.writeString(home.resolve("namespace"), "poco-prod\n");
        KubernetesOptions defaults = kubernetes(Map.of("POCO_K8S_SANDBOX_IMAGE", "poco/sandbox:1",
                "POCO_K8S_WORKSPACE_CLAIM", "poco-data", "POCO_GATEWAY_ADVERTISE_HOST", "10.0.0.7"),
                Map.of("HOSTNAME", "poco-runner-7f9c"), namespaceFile);
        assertThat(defaults.namespace()).isEqualTo("poco-prod");
        assertThat(defaults.runnerNamespace()).isEqualTo("poco-prod");
        assertThat(defaults.image()).isEqualTo("poco/sandbox:1");
        assertThat(defaults.workspaceClaim()).isEqualTo("poco-data");
        assertThat(defaults.workspaceRoot()).isEqualTo(home);
        assertThat(defaults.runtimeClass()).isNull();
        assertThat(defaults.seccompProfile()).isEqualTo("RuntimeDefault");
        assertThat(defaults.runnerSelector()).containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/name", "poco",
                "app.kubernetes.io/component", "runner"));
        assertThat(defaults.runnerId()).isEqualTo("poco-runner-7f9c");
        assertThat(defaults.runnerPod()).as("in a pod: its own, the sandboxes' owner").isEqualTo("poco-runner-7f9c");
        assertThat(defaults.gatewayHost()).isEqualTo("10.0.0.7");
        assertThat(defaults.imageProvidedPaths()).containsExactlyInAnyOrder("/opt/claude/bin/claude",
                "/opt/poco/bin/node", "/opt/poco/node_modules", "/opt/poco/bin/chromium");

        KubernetesOptions set = kubernetes(Map.of("POCO_K8S_SANDBOX_IMAGE", "poco/sandbox:1",
                "POCO_K8S_WORKSPACE_CLAIM", "poco-data", "POCO_GATEWAY_ADVERTISE_HOST", "10.0.0.7",
                "POCO_K8S_NAMESPACE", "sandboxes", "POCO_K8S_WORKSPACE_ROOT", "/data",
                "POCO_K8S_RUNTIME_CLASS", "gvisor", "POCO_K8S_SECCOMP_PROFILE", "localhost/poco.json",
                "POCO_K8S_RUNNER_SELECTOR", "app=poco", "POCO_K8S_RUNNER_ID", "runner-a"),
                Map.of("HOSTNAME", "ignored"), namespaceFile);
        assertThat(set.namespace()).isEqualTo("sandboxes");
        assertThat(set.runnerNamespace()).as("the runner's own, from its pod").isEqualTo("poco-prod");
        assertThat(set.workspaceRoot()).isEqualTo(Path.of("/data"));
        assertThat(set.runtimeClass()).isEqualTo("gvisor");
        assertThat(set.seccompProfile()).isEqualTo("localhost/poco.json");
        assertThat(set.runnerSelector()).containsExactlyEntriesOf(Map.of("app", "poco"));
        assertThat(set.runnerId()).isEqualTo("runner-a");
        assertThat(kubernetes(Map.of("POCO_K8S_SANDBOX_IMAGE", "poco/sandbox:1", "POCO_K8S_WORKSPACE_CLAIM",
                "poco-data", "POCO_GATEWAY_ADVERTISE_HOST", "10.0.0.7"), Map.of("HOSTNAME", "laptop"),
                home.resolve("no-namespace")).runnerPod()).as("not in a pod").isNull();
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
                                + " bubblewrap, none, kubernetes"));
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
