package dev.poco.runner.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import dev.poco.runner.sandbox.SandboxEndReason;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxLimits;
import dev.poco.runner.sandbox.SandboxSpec;
import dev.poco.runner.sandbox.SandboxStartException;
import dev.poco.runner.sandbox.SandboxStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kubernetes driver against fabric8's mock API server in CRUD mode: what it creates (pod and NetworkPolicy,
 * field by field), how it reads the pod's state, what it deletes and when.
 */
class KubernetesSandboxDriverTest {

    private static final String NS = "poco-sandboxes";
    /** Where the runner mounts the workspace claim; never created: the driver only maps paths below it. */
    private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "poco-k8s-claim").toAbsolutePath();
    /** A host path outside {@link #ROOT}. */
    private static final Path OUTSIDE = Path.of(System.getProperty("java.io.tmpdir"), "poco-k8s-elsewhere")
            .toAbsolutePath();
    private static final String GATEWAY_HOST = "10.1.2.3";

    private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    private KubernetesMockServer server;
    private KubernetesClient client;
    private KubernetesSandboxDriver driver;

    @BeforeEach
    void startServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stopServer() {
        if (driver != null) {
            driver.close();
        }
        client.close();
        server.destroy();
    }

    private static KubernetesOptions options(String runnerId) {
        return KubernetesOptions.of(NS, "registry.example/poco-sandbox:1", "poco-workspaces", ROOT, runnerId,
                        GATEWAY_HOST, Set.of("/opt/claude/bin/claude", "/opt/poco/bin/node"))
                .withRuntimeClass("gvisor")
                .withRunnerNamespace("poco")
                .withTimeoutGrace(Duration.ofSeconds(3));
    }

    private KubernetesSandboxDriver driver(String runnerId) {
        return new KubernetesSandboxDriver(options(runnerId), client, false);
    }

    private static SandboxSpec.Builder spec(String id) {
        return SandboxSpec.builder(id)
                .workspace(ROOT.resolve("workspaces/s1/workspace"))
                .home(ROOT.resolve("workspaces/s1/home"))
                .command("claude", "-p", "--input-format", "stream-json")
                .user(61001, 61002);
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

    private NetworkPolicy policy(String name) {
        return client.network().v1().networkPolicies().inNamespace(NS).withName(name).get();
    }

    private void podStatus(String name, UnaryOperator<PodBuilder> status) {
        client.pods().inNamespace(NS).withName(name).editStatus(pod -> status.apply(new PodBuilder(pod)).build());
    }

    @Test
    void thePodRunsTheCommandLockedDownWithTheSandboxMountsFromTheClaim() {
        driver = driver("runner-0");
        SandboxSpec spec = spec("run-42.A_b")
                .writableBind(ROOT.resolve("folders/repo-wt"), "/mnt/repo")
                .readOnlyBind(ROOT.resolve("run/42/mcp-config.json"), "/run/poco/mcp-config.json")
                .readOnlyBind(Path.of("/usr/local/lib/claude/claude"), "/opt/claude/bin/claude")
                .workingDir("/workspace/src")
                .limits(SandboxLimits.DEFAULTS.withMemoryBytes(2L << 30).withDiskBytes(5L << 30))
                .build();
        SandboxHandle handle = driver.start(spec);
        String name = KubernetesSandboxDriver.podName("run-42.A_b");
        assertThat(name).startsWith("poco-run-42-a-b-").hasSize("poco-run-42-a-b-".length() + 8);
        assertThat(handle.id()).isEqualTo("run-42.A_b");
        assertThat(handle.status()).isEqualTo(SandboxStatus.STARTING);

        Pod pod = pod(name);
        assertThat(pod.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app.kubernetes.io/managed-by", "poco-runner", "poco.dev/runner", "runner-0",
                "poco.dev/sandbox", name));
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("poco.dev/sandbox-id", "run-42.A_b");
        assertThat(pod.getMetadata().getOwnerReferences()).as("no runner pod configured").isNullOrEmpty();
        var podSpec = pod.getSpec();
        assertThat(podSpec.getRestartPolicy()).isEqualTo("Never");
        assertThat(podSpec.getAutomountServiceAccountToken()).isFalse();
        assertThat(podSpec.getEnableServiceLinks()).isFalse();
        assertThat(podSpec.getHostNetwork()).isFalse();
        assertThat(podSpec.getHostPID()).isFalse();
        assertThat(podSpec.getHostIPC()).isFalse();
        assertThat(podSpec.getRuntimeClassName()).isEqualTo("gvisor");
        assertThat(podSpec.getActiveDeadlineSeconds()).isEqualTo(Duration.ofHours(24).toSeconds());
        PodSecurityContext podSecurity = podSpec.getSecurityContext();
        assertThat(podSecurity.getRunAsNonRoot()).isTrue();
        assertThat(podSecurity.getRunAsUser()).isEqualTo(61001L);
        assertThat(podSecurity.getRunAsGroup()).isEqualTo(61002L);
        assertThat(podSecurity.getFsGroup()).isEqualTo(61002L);
        assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

        assertThat(podSpec.getContainers()).hasSize(1);
        Container container = podSpec.getContainers().getFirst();
        assertThat(container.getName()).isEqualTo("sandbox");
        assertThat(container.getImage()).isEqualTo("registry.example/poco-sandbox:1");
        assertThat(container.getCommand()).containsExactly("/bin/sh", "-c", "IFS= read -r _ && exec \"$@\"",
                "poco-sandbox", "claude", "-p", "--input-format", "stream-json");
        assertThat(container.getArgs()).isNullOrEmpty();
        assertThat(container.getWorkingDir()).isEqualTo("/workspace/src");
        assertThat(container.getStdin()).isTrue();
        assertThat(container.getStdinOnce()).isTrue();
        assertThat(container.getTty()).isFalse();
        SecurityContext security = container.getSecurityContext();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getPrivileged()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();

        assertThat(container.getVolumeMounts()).extracting(VolumeMount::getName, VolumeMount::getMountPath,
                        VolumeMount::getSubPath, VolumeMount::getReadOnly)
                .containsExactly(
                        tuple("workspaces", "/workspace", "workspaces/s1/workspace",
                                false),
                        tuple("workspaces", "/home/agent", "workspaces/s1/home", false),
                        tuple("workspaces", "/mnt/repo", "folders/repo-wt", false),
                        tuple("workspaces", "/run/poco/mcp-config.json",
                                "run/42/mcp-config.json", true),
                        tuple("tmp", "/tmp", null, null));
        assertThat(podSpec.getVolumes()).hasSize(2);
        assertThat(podSpec.getVolumes().get(0).getPersistentVolumeClaim().getClaimName()).isEqualTo("poco-workspaces");
        assertThat(podSpec.getVolumes().get(0).getPersistentVolumeClaim().getReadOnly()).isFalse();
        assertThat(podSpec.getVolumes().get(1).getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("1Gi"));

        assertThat(container.getResources().getLimits()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "memory", new Quantity(Long.toString(2L << 30)), "cpu", new Quantity("2"),
                "ephemeral-storage", new Quantity(Long.toString(5L << 30))));
        assertThat(container.getResources().getRequests()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "memory", new Quantity(Long.toString(512L << 20)), "cpu", new Quantity("250m")));
    }

    @Test
    void aLocalhostSeccompProfileAndNoDiskLimitShowInThePod() {
        driver = new KubernetesSandboxDriver(options("runner-0").withSeccompProfile("localhost/poco/sandbox.json")
                .withRuntimeClass(""), client, false);
        driver.start(spec("seccomp").build());
        Pod pod = pod(KubernetesSandboxDriver.podName("seccomp"));
        assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("Localhost");
        assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getLocalhostProfile())
                .isEqualTo("poco/sandbox.json");
        assertThat(pod.getSpec().getRuntimeClassName()).isNull();
        assertThat(pod.getSpec().getContainers().getFirst().getResources().getLimits())
                .doesNotContainKey("ephemeral-storage");
    }

    @Test
    void theEnvironmentIsExactlyTheSpecsPlusPathHomeTermAndLang() {
        driver = driver("runner-0");
        driver.start(spec("env").env("ANTHROPIC_API_KEY", "poco-gw-123").env("TERM", "xterm")
                .env("ANTHROPIC_BASE_URL", "http://" + GATEWAY_HOST + ":41000").build());
        List<EnvVar> env = pod(KubernetesSandboxDriver.podName("env")).getSpec().getContainers().getFirst().getEnv();
        assertThat(env).extracting(EnvVar::getName, EnvVar::getValue).containsExactly(
                tuple("PATH", "/opt/claude/bin:/usr/local/bin:/usr/bin:/bin"),
                tuple("TERM", "xterm"),
                tuple("LANG", "C.UTF-8"),
                tuple("ANTHROPIC_API_KEY", "poco-gw-123"),
                tuple("ANTHROPIC_BASE_URL", "http://" + GATEWAY_HOST + ":41000"),
                tuple("HOME", "/home/agent"));
        assertThat(System.getenv()).as("the runner's own environment is not in the pod").isNotEmpty();
        assertThat(env).extracting(EnvVar::getName).doesNotContain("JAVA_HOME", "POCO_CLAUDE_BIN", "USER");
    }

    @Test
    void theNetworkPolicyLetsThePodReachOnlyTheRunnersGatewayPortsAndBelongsToThePod() {
        driver = driver("runner-0");
        driver.start(spec("net")
                .env("ANTHROPIC_BASE_URL", "http://" + GATEWAY_HOST + ":41000")
                .env("HTTP_PROXY", "http://" + GATEWAY_HOST + ":42000")
                .env("https_proxy", "http://" + GATEWAY_HOST + ":42000")
                .env("DOCS", "http://docs.example.com:8080/")
                .build());
        String name = KubernetesSandboxDriver.podName("net");
        Pod pod = pod(name);
        NetworkPolicy policy = policy(name);
        assertThat(policy.getMetadata().getLabels()).containsEntry("poco.dev/runner", "runner-0")
                .containsEntry("poco.dev/sandbox", name).containsEntry("app.kubernetes.io/managed-by", "poco-runner");
        assertThat(policy.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Pod");
            assertThat(owner.getApiVersion()).isEqualTo("v1");
            assertThat(owner.getName()).isEqualTo(name);
            assertThat(owner.getUid()).isNotBlank().isEqualTo(pod.getMetadata().getUid());
        });
        var spec = policy.getSpec();
        assertThat(spec.getPodSelector().getMatchLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "poco.dev/runner", "runner-0", "poco.dev/sandbox", name));
        assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(spec.getPodSelector().getMatchLabels());
        assertThat(spec.getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(spec.getIngress()).isNullOrEmpty();
        assertThat(spec.getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies((NetworkPolicyPeer peer) -> {
                assertThat(peer.getPodSelector().getMatchLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                        "app.kubernetes.io/name", "poco", "app.kubernetes.io/component", "runner"));
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsExactlyEntriesOf(Map.of("kubernetes.io/metadata.name", "poco"));
                assertThat(peer.getIpBlock()).isNull();
            });
            assertThat(rule.getPorts()).extracting(port -> port.getProtocol(), port -> port.getPort().getIntVal())
                    .containsExactly(tuple("TCP", 41000),
                            tuple("TCP", 42000));
        });
    }

    @Test
    void aSandboxWithoutGatewayUrlsMayReachNothing() {
        driver = driver("runner-0");
        driver.start(spec("offline").env("DOCS", "http://docs.example.com:8080/").build());
        NetworkPolicy policy = policy(KubernetesSandboxDriver.podName("offline"));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
    }

    @Test
    void rootAndBindsFromOutsideTheClaimAreRefusedWithoutCreatingAnything() {
        driver = driver("runner-0");
        assertThatThrownBy(() -> driver.start(spec("root").user(0, 0).build()))
                .isInstanceOf(SandboxStartException.class)
                .hasMessage("sandbox root: the kubernetes driver never runs a sandbox as root (uid 0); pods run with"
                        + " runAsNonRoot");
        assertThatThrownBy(() -> driver.start(spec("outside").readOnlyBind(OUTSIDE.resolve("data"), "/mnt/data").build()))
                .isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("read-only bind " + OUTSIDE.resolve("data") + " -> /mnt/data is neither below"
                        + " POCO_K8S_WORKSPACE_ROOT (" + ROOT)
                .hasMessageContaining("[/opt/claude/bin/claude, /opt/poco/bin/node]");
        assertThatThrownBy(() -> driver.start(SandboxSpec.builder("ws").workspace(OUTSIDE.resolve("ws"))
                .home(ROOT.resolve("h")).command("true").build()))
                .isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("the workspace " + OUTSIDE.resolve("ws") + " is not below POCO_K8S_WORKSPACE_ROOT ("
                        + ROOT);
        assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(client.network().v1().networkPolicies().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(driver.status("root")).isEqualTo(SandboxStatus.MISSING);
    }

    @Test
    void aSecondSandboxWithTheSameIdIsRefused() {
        driver = driver("runner-0");
        driver.start(spec("twice").build());
        assertThatThrownBy(() -> driver.start(spec("twice").build()))
                .isInstanceOf(SandboxStartException.class).hasMessageContaining("already running");
    }

    @Test
    void theContainersStateGivesStatusAndExitCode() throws Exception {
        driver = driver("runner-0");
        SandboxHandle handle = driver.start(spec("exit").build());
        String name = KubernetesSandboxDriver.podName("exit");
        podStatus(name, pod -> pod.withNewStatus().withPhase("Running").addNewContainerStatus().withName("sandbox")
                .withNewState().withNewRunning().endRunning().endState().endContainerStatus().endStatus());
        await().atMost(Duration.ofSeconds(20)).until(() -> handle.status() == SandboxStatus.RUNNING);
        assertThat(handle.exitCode()).isEmpty();
        assertThat(handle.endReason()).isEmpty();

        podStatus(name, pod -> pod.withNewStatus().withPhase("Failed").addNewContainerStatus().withName("sandbox")
                .withNewState().withNewTerminated().withExitCode(3).withReason("Error").endTerminated().endState()
                .endContainerStatus().endStatus());
        assertThat(handle.exit().get(20, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(handle.status()).isEqualTo(SandboxStatus.EXITED);
        assertThat(handle.exitCode()).hasValue(3);
        assertThat(handle.endReason()).contains(SandboxEndReason.EXITED);
        assertThat(handle.timedOut()).isFalse();
        assertThat(handle.stdout().read()).as("no attach: end of stream").isEqualTo(-1);
        assertThat(driver.status("exit")).isEqualTo(SandboxStatus.EXITED);
    }

    @Test
    void aSucceededPodExitsWithZero() throws Exception {
        driver = driver("runner-0");
        SandboxHandle handle = driver.start(spec("ok").build());
        podStatus(KubernetesSandboxDriver.podName("ok"), pod -> pod.withNewStatus().withPhase("Succeeded")
                .addNewContainerStatus().withName("sandbox").withNewState().withNewTerminated().withExitCode(0)
                .withReason("Completed").endTerminated().endState().endContainerStatus().endStatus());
        assertThat(handle.exit().get(20, TimeUnit.SECONDS)).isEqualTo(0);
        assertThat(handle.status()).isEqualTo(SandboxStatus.EXITED);
        assertThat(handle.endReason()).contains(SandboxEndReason.EXITED);
    }

    @Test
    void anOomKillIsTheMemoryLimit() throws Exception {
        driver = driver("runner-0");
        SandboxHandle handle = driver.start(spec("oom").build());
        podStatus(KubernetesSandboxDriver.podName("oom"), pod -> pod.withNewStatus().withPhase("Failed")
                .addNewContainerStatus().withName("sandbox").withNewState().withNewTerminated().withExitCode(137)
                .withReason("OOMKilled").endTerminated().endState().endContainerStatus().endStatus());
        assertThat(handle.exit().get(20, TimeUnit.SECONDS)).isEqualTo(137);
        assertThat(handle.status()).isEqualTo(SandboxStatus.KILLED);
        assertThat(handle.endReason()).contains(SandboxEndReason.MEMORY_LIMIT);
        assertThat(handle.enforceLimits()).contains(SandboxEndReason.MEMORY_LIMIT);
    }

    @Test
    void thePodsDeadlineIsATimeout() throws Exception {
        driver = driver("runner-0");
        SandboxHandle handle = driver.start(spec("deadline").build());
        podStatus(KubernetesSandboxDriver.podName("deadline"), pod -> pod.withNewStatus().withPhase("Failed")
                .withReason("DeadlineExceeded").endStatus());
        assertThat(handle.exit().get(20, TimeUnit.SECONDS)).isEqualTo(137);
        assertThat(handle.status()).isEqualTo(SandboxStatus.TIMED_OUT);
        assertThat(handle.timedOut()).isTrue();
        assertThat(handle.endReason()).contains(SandboxEndReason.TIMEOUT);
    }

    @Test
    void theWallClockDeletesThePodAndCanBeRestarted() throws Exception {
        driver = driver("runner-0");
        SandboxHandle restarted = driver.start(spec("kept").build());
        restarted.restartWallClock(Duration.ofHours(2));
        SandboxHandle handle = driver.start(spec("slow")
                .limits(SandboxLimits.DEFAULTS.withWallClockTimeout(Duration.ofSeconds(1))).build());
        assertThat(handle.waitFor(Duration.ofSeconds(30))).isTrue();
        assertThat(handle.status()).isEqualTo(SandboxStatus.TIMED_OUT);
        assertThat(handle.endReason()).contains(SandboxEndReason.TIMEOUT);
        assertThat(pod(KubernetesSandboxDriver.podName("slow"))).isNull();
        assertThat(restarted.status()).isEqualTo(SandboxStatus.STARTING);
        assertThat(pod(KubernetesSandboxDriver.podName("kept"))).isNotNull();
    }

    @Test
    void stopDeletesThePodAndCloseTheNetworkPolicyAndForgetsTheId() throws Exception {
        driver = driver("runner-0");
        SandboxHandle handle = driver.start(spec("stop").build());
        String name = KubernetesSandboxDriver.podName("stop");
        assertThat(pod(name)).isNotNull();
        driver.stop("stop", Duration.ofSeconds(2));
        assertThat(pod(name)).isNull();
        assertThat(handle.status()).isEqualTo(SandboxStatus.KILLED);
        assertThat(handle.endReason()).contains(SandboxEndReason.CANCELED);
        assertThat(handle.exitCode()).hasValue(137);
        assertThat(handle.exit()).isCompletedWithValue(137);
        assertThat(driver.find("stop")).containsSame(handle);

        handle.close();
        assertThat(policy(name)).isNull();
        assertThat(driver.find("stop")).isEmpty();
        assertThat(driver.status("stop")).isEqualTo(SandboxStatus.MISSING);
        handle.close(); // idempotent
    }

    @Test
    void closingARunningSandboxDeletesPodAndPolicy() {
        driver = driver("runner-0");
        SandboxHandle handle = driver.start(spec("close").build());
        String name = KubernetesSandboxDriver.podName("close");
        handle.close();
        assertThat(pod(name)).isNull();
        assertThat(policy(name)).isNull();
        assertThat(handle.status()).isEqualTo(SandboxStatus.KILLED);
        assertThat(driver.find("close")).isEmpty();
    }

    @Test
    void aNewRunnerProcessDeletesWhatItsPredecessorLeftButNotAnotherRunnersPods() {
        KubernetesSandboxDriver previous = driver("runner-0");
        previous.start(spec("left-1").build());
        previous.start(spec("left-2").build());
        KubernetesSandboxDriver other = driver("runner-1");
        other.start(spec("theirs").build());
        // the previous process dies without closing its driver

        driver = driver("runner-0");
        assertThat(client.pods().inNamespace(NS).list().getItems()).extracting(pod -> pod.getMetadata().getName())
                .containsExactly(KubernetesSandboxDriver.podName("theirs"));
        assertThat(client.network().v1().networkPolicies().inNamespace(NS).list().getItems())
                .extracting(policy -> policy.getMetadata().getName())
                .containsExactly(KubernetesSandboxDriver.podName("theirs"));
        other.close();
        assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void closingTheDriverDeletesAllItsPods() {
        driver = driver("runner-0");
        SandboxHandle one = driver.start(spec("one").build());
        driver.start(spec("two").build());
        driver.close();
        assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(client.network().v1().networkPolicies().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(one.status()).isEqualTo(SandboxStatus.KILLED);
        assertThatThrownBy(() -> driver.start(spec("three").build())).isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("driver is closed");
        driver = null;
    }

    @Test
    void stdinAndStdoutGoThroughTheAttachOnceTheContainerRuns() throws Exception {
        String name = KubernetesSandboxDriver.podName("attach");
        // the go line and what was written before the attach, in one stdin frame; then a line written after it
        server.expect().get()
                .withPath("/api/v1/namespaces/" + NS + "/pods/" + name
                        + "/attach?container=sandbox&stdin=true&stdout=true&stderr=true")
                .andUpgradeToWebSocket().open()
                .expect("\u0000\nworld\n").andEmit(new OutputStreamMessage("hello world\n")).once()
                .expect("\u0000again\n").andEmit(new OutputStreamMessage("hello again\n")).once()
                .done().once();
        driver = driver("runner-0");
        SandboxHandle handle = driver.start(spec("attach").build());
        // written before the pod runs: buffered until the attach
        handle.stdin().write("world\n".getBytes(StandardCharsets.UTF_8));
        handle.stdin().flush();
        running(name);
        BufferedReader stdout = new BufferedReader(new InputStreamReader(handle.stdout(), StandardCharsets.UTF_8));
        assertThat(readLine(stdout)).isEqualTo("hello world");
        handle.stdin().write("again\n".getBytes(StandardCharsets.UTF_8));
        handle.stdin().flush();
        assertThat(readLine(stdout)).isEqualTo("hello again");
        assertThat(handle.status()).isEqualTo(SandboxStatus.RUNNING);
    }

    @Test
    void theAttachSendsTheGoLineThatStartsTheCommandFirstEvenWithStdinClosed() throws Exception {
        String name = KubernetesSandboxDriver.podName("go");
        expectAttach(name, "\u0000\n", "started\n");
        driver = driver("runner-0");
        SandboxHandle handle = driver.start(spec("go").build());
        handle.stdin().close(); // as the sandboxed git does: no input; the output must still arrive
        running(name);
        BufferedReader stdout = new BufferedReader(new InputStreamReader(handle.stdout(), StandardCharsets.UTF_8));
        assertThat(readLine(stdout)).isEqualTo("started");
    }

    /** The mock's attach answers {@code output} on stdout when it gets exactly {@code frame} (channel byte first). */
    private void expectAttach(String podName, String frame, String output) {
        server.expect().get()
                .withPath("/api/v1/namespaces/" + NS + "/pods/" + podName
                        + "/attach?container=sandbox&stdin=true&stdout=true&stderr=true")
                .andUpgradeToWebSocket().open()
                .expect(frame).andEmit(new OutputStreamMessage(output)).once()
                .done().once();
    }

    private void running(String podName) {
        podStatus(podName, pod -> pod.withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("sandbox").withReady(true)
                .withNewState().withNewRunning().endRunning().endState().endContainerStatus().endStatus());
    }

    /** One line, or a failure naming the requests the mock got if none comes within 30 s. */
    private String readLine(BufferedReader reader) throws Exception {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            List<String> paths = new ArrayList<>();
            for (int i = server.getRequestCount(); i > 0; i--) {
                var request = server.takeRequest(1, TimeUnit.SECONDS);
                if (request != null) {
                    paths.add(request.getMethod() + " " + request.getPath());
                }
            }
            throw new AssertionError("no output through the attach; requests: " + paths, e);
        }
    }

    @Test
    void sandboxPodsBelongToTheRunnersPodSoKubernetesDeletesThemWithIt() {
        Pod runner = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("poco-runner-0")
                .withNamespace(NS).endMetadata().withNewSpec().addNewContainer().withName("runner").withImage("poco")
                .endContainer().endSpec().build()).create();
        driver = new KubernetesSandboxDriver(options("runner-0").withRunnerPod("poco-runner-0"), client, false);
        driver.start(spec("owned").build());
        assertThat(pod(KubernetesSandboxDriver.podName("owned")).getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> {
                    assertThat(owner.getKind()).isEqualTo("Pod");
                    assertThat(owner.getName()).isEqualTo("poco-runner-0");
                    assertThat(owner.getUid()).isNotBlank().isEqualTo(runner.getMetadata().getUid());
                    assertThat(owner.getBlockOwnerDeletion()).isFalse();
                });
        assertThat(pod("poco-runner-0")).as("the runner's pod is not the driver's to delete").isNotNull();
        driver.close();
        driver = null;
        assertThat(pod("poco-runner-0")).isNotNull();

        driver = new KubernetesSandboxDriver(options("runner-1").withRunnerPod("elsewhere"), client, false);
        driver.start(spec("unowned").build());
        assertThat(pod(KubernetesSandboxDriver.podName("unowned")).getMetadata().getOwnerReferences()).isNullOrEmpty();
    }

    @Test
    void podNamesAreDnsLabelsUniquePerId() {
        String longId = "x".repeat(100);
        assertThat(KubernetesSandboxDriver.podName(longId)).hasSizeLessThanOrEqualTo(63)
                .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(KubernetesSandboxDriver.podName("Run-1")).isNotEqualTo(KubernetesSandboxDriver.podName("run-1"));
        assertThat(KubernetesSandboxDriver.podName("run.1")).isNotEqualTo(KubernetesSandboxDriver.podName("run_1"));
        assertThat(KubernetesSandboxDriver.labelValue("-runner:0-")).isEqualTo("runner-0");
    }
}
