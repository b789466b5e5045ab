package dev.poco.runner.sandbox.kubernetes;

import dev.poco.runner.sandbox.GatewayEndpointKind;
import dev.poco.runner.sandbox.ReadOnlyBind;
import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxSpec;
import dev.poco.runner.sandbox.SandboxStartException;
import dev.poco.runner.sandbox.SandboxUnavailableException;
import dev.poco.runner.sandbox.WritableBind;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kubernetes} driver: every sandbox is one pod in {@link KubernetesOptions#namespace()}, running {@link
 * KubernetesOptions#image()} with the spec's command, and one NetworkPolicy of the same name.
 *
 * <p>The pod: {@code restartPolicy: Never}; no service account token, no service links, no host network, PID or IPC;
 * the optional RuntimeClass (gVisor, Kata); non-root ({@code runAsUser}/{@code runAsGroup}/{@code fsGroup} from the
 * spec's uid and gid; uid 0 is refused); seccomp {@code RuntimeDefault} or the configured {@code Localhost} profile;
 * no privilege escalation, a read-only root file system, not privileged, every capability dropped. {@code /workspace},
 * {@code /home/agent} and the writable binds are sub paths of {@link KubernetesOptions#workspaceClaim()}, which the
 * runner has mounted at {@link KubernetesOptions#workspaceRoot()}; read-only binds below that root are read-only sub
 * paths too. A read-only bind from elsewhere on the runner (its own CLI, Node.js) cannot be mounted into a pod: it is
 * left out when its sandbox path is one {@link KubernetesOptions#imageProvidedPaths()} names, so the image must
 * provide it there; any other fails the start, naming the path. {@code /tmp} is an emptyDir of {@link
 * KubernetesOptions#tmpSize()}. Memory is limited (and requested, up to {@link KubernetesOptions#memoryRequestCap()})
 * from {@link dev.poco.runner.sandbox.SandboxLimits#memoryBytes()}, ephemeral storage from its disk limit when it has
 * one; the process, file-size and open-file limits are the node's (the pod API has none).
 *
 * <p>The environment is exactly the spec's plus {@code PATH}, {@code HOME}, {@code TERM} and {@code LANG}, as {@link
 * SandboxSpec} says. The NetworkPolicy selects the pod, allows no ingress, and allows egress only to the runner pods
 * ({@link KubernetesOptions#runnerSelector()}) on the TCP ports of the URLs in the spec's environment that name
 * {@link KubernetesOptions#gatewayHost()} (the run's gateway and egress gate, which bind ephemeral ports per run); no
 * DNS, nothing else. It is created before the pod, so that the pod never runs without it, and then owned by the pod,
 * so that Kubernetes deletes it with the pod even when this runner cannot.
 *
 * <p>Standard streams are a websocket attach ({@code stdin}, {@code stdinOnce}, no TTY) opened once the container
 * runs. So that nothing the command writes comes before the attach, the container runs {@code /bin/sh} (the image
 * must have it), which waits for one go line that the handle sends first through the attach and then execs the
 * command ({@link #command}). Closing {@link SandboxHandle#stdin()} does not reach the command as end of file: the
 * client speaks {@code v4.channel.k8s.io}, which cannot half-close stdin; the command ends by itself or by {@link
 * SandboxHandle#stop}. Status comes from an informer on this runner's pods: the container's {@code terminated} state gives the
 * exit code, {@code OOMKilled} the memory limit, the pod's {@code DeadlineExceeded} the backstop deadline. The wall
 * clock is the driver's own timer, restartable for live agents ({@link SandboxHandle#restartWallClock}); the pod's
 * {@code activeDeadlineSeconds} is only a backstop ({@link KubernetesOptions#maxPodLifetime()}).
 *
 * <p>Sandbox pods are owned by the runner's own pod ({@link KubernetesOptions#runnerPod()}) when it is in the same
 * namespace, so that Kubernetes deletes them once that pod is gone. Pods and policies carry {@code app.kubernetes.io/managed-by=poco-runner}, {@code poco.dev/runner=<runner id>}
 * and {@code poco.dev/sandbox=<pod name>}; a driver deletes what carries its runner id when it starts (an earlier
 * process's leftovers) and when it closes.
 */
public final class KubernetesSandboxDriver implements SandboxDriver {

    /** {@code app.kubernetes.io/managed-by}: who made the pod. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** Value of {@link #MANAGED_BY}. */
    public static final String MANAGER = "poco-runner";
    /** The runner process's id. */
    public static final String RUNNER_LABEL = "poco.dev/runner";
    /** The sandbox: its pod name. */
    public static final String SANDBOX_LABEL = "poco.dev/sandbox";
    /** Annotation with the sandbox id as the runner knows it. */
    public static final String SANDBOX_ID_ANNOTATION = "poco.dev/sandbox-id";
    /** The only container of a sandbox pod. */
    public static final String CONTAINER = "sandbox";
    static final String PATH = "/opt/claude/bin:/usr/local/bin:/usr/bin:/bin";
    /** Waits for the go line on stdin, then runs the command ({@link #command}). */
    static final String GO_SCRIPT = "IFS= read -r _ && exec \"$@\"";
    private static final String CLAIM_VOLUME = "workspaces";
    private static final String TMP_VOLUME = "tmp";

    private static final Logger log = LoggerFactory.getLogger(KubernetesSandboxDriver.class);

    private final KubernetesOptions options;
    private final KubernetesClient client;
    private final boolean ownsClient;
    private final String runnerLabel;
    private final Map<String, KubernetesSandboxHandle> handles = new ConcurrentHashMap<>();
    private final Map<String, KubernetesSandboxHandle> byPod = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final SharedIndexInformer<Pod> informer;
    private final @Nullable OwnerReference owner;
    private volatile boolean closed;

    /**
     * Deletes the pods and policies an earlier process with this runner id left, then watches this runner's pods.
     *
     * @param ownsClient whether {@link #close()} closes {@code client}
     * @throws SandboxUnavailableException if the cluster's API cannot be used
     */
    public KubernetesSandboxDriver(KubernetesOptions options, KubernetesClient client, boolean ownsClient) {
        this.options = options;
        this.client = client;
        this.ownsClient = ownsClient;
        this.runnerLabel = labelValue(options.runnerId());
        try {
            int pods = deleteLabelled("pods");
            int policies = deleteLabelled("networkpolicies");
            if (pods + policies > 0) {
                log.info("Kubernetes sandboxes: deleted {} pod(s) and {} network policy(ies) an earlier runner process"
                        + " ({}={}) left in namespace {}", pods, policies, RUNNER_LABEL, runnerLabel,
                        options.namespace());
            } else {
                log.info("Kubernetes sandboxes: nothing left by an earlier runner process ({}={}) in namespace {}",
                        RUNNER_LABEL, runnerLabel, options.namespace());
            }
            this.owner = runnerOwner();
            this.informer = client.pods().inNamespace(options.namespace()).withLabel(RUNNER_LABEL, runnerLabel)
                    .inform(new PodEvents(), TimeUnit.MINUTES.toMillis(5));
        } catch (KubernetesClientException e) {
            if (ownsClient) {
                client.close();
            }
            throw new SandboxUnavailableException("cannot use the Kubernetes API for sandbox pods in namespace "
                    + options.namespace() + ": " + e.getMessage() + " (the runner's service account needs create,"
                    + " get, list, watch, delete and patch on pods, pods/attach and networkpolicies there)", e);
        }
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "poco-k8s-sandbox-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        log.info("Kubernetes sandboxes: image {}, claim {} (at {} in the runner), runtime class {}, seccomp {};"
                + " the process, file-size and open-file limits are the node's", options.image(),
                options.workspaceClaim(), options.workspaceRoot(),
                options.runtimeClass() == null ? "default" : options.runtimeClass(), options.seccompProfile());
    }

    /** The runner's own pod as the owner of sandbox pods, when it is in the sandboxes' namespace. */
    private @Nullable OwnerReference runnerOwner() {
        String name = options.runnerPod();
        if (name == null) {
            return null;
        }
        Pod runner = client.pods().inNamespace(options.namespace()).withName(name).get();
        if (runner == null) {
            log.info("Kubernetes sandboxes: the runner pod {} is not in namespace {}; sandbox pods have no owner (a"
                    + " runner process with the same POCO_K8S_RUNNER_ID deletes them, else their deadline of {} h)",
                    name, options.namespace(), options.maxPodLifetime().toHours());
            return null;
        }
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod").withName(name)
                .withUid(runner.getMetadata().getUid()).withBlockOwnerDeletion(false).build();
    }

    private int deleteLabelled(String kind) {
        var selector = Map.of(MANAGED_BY, MANAGER, RUNNER_LABEL, runnerLabel);
        if (kind.equals("pods")) {
            var pods = client.pods().inNamespace(options.namespace()).withLabels(selector);
            int count = pods.list().getItems().size();
            if (count > 0) {
                pods.withGracePeriod(0).delete();
            }
            return count;
        }
        var policies = client.network().v1().networkPolicies().inNamespace(options.namespace()).withLabels(selector);
        int count = policies.list().getItems().size();
        if (count > 0) {
            policies.delete();
        }
        return count;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    /** Pods reach the runner over the pod network. */
    @Override
    public GatewayEndpointKind gatewayEndpointKind() {
        return GatewayEndpointKind.TCP;
    }

    /** The runner pod's address ({@code POCO_GATEWAY_ADVERTISE_HOST}). */
    @Override
    public String gatewayHost() {
        return options.gatewayHost();
    }

    @Override
    public SandboxHandle start(SandboxSpec spec) {
        if (closed) {
            throw new SandboxStartException(spec.id(), "driver is closed");
        }
        if (spec.uid() == 0) {
            throw new SandboxStartException(spec.id(), "the kubernetes driver never runs a sandbox as root (uid 0);"
                    + " pods run with runAsNonRoot");
        }
        String podName = podName(spec.id());
        Pod pod = pod(spec, podName);
        NetworkPolicy policy = networkPolicy(spec, podName);
        synchronized (handles) {
            if (handles.containsKey(spec.id())) {
                throw new SandboxStartException(spec.id(), "a sandbox with this id is already running or not closed");
            }
            KubernetesSandboxHandle handle = new KubernetesSandboxHandle(spec.id(), podName, this, spec.limits(),
                    options.timeoutGrace());
            handles.put(spec.id(), handle);
            byPod.put(podName, handle);
            try {
                client.network().v1().networkPolicies().inNamespace(options.namespace()).resource(policy).create();
                Pod created;
                try {
                    created = client.pods().inNamespace(options.namespace()).resource(pod).create();
                } catch (KubernetesClientException e) {
                    deletePolicy(podName);
                    throw e;
                }
                ownPolicy(podName, created);
            } catch (KubernetesClientException e) {
                handles.remove(spec.id());
                byPod.remove(podName);
                throw new SandboxStartException(spec.id(), "cannot create pod " + podName + " in namespace "
                        + options.namespace() + ": " + e.getMessage(), e);
            }
            handle.wallClock(spec.limits().wallClockTimeout());
            // The informer may have seen the pod before the handle was registered: look once more.
            Pod seen = informer.getStore().getByKey(options.namespace() + "/" + podName);
            if (seen != null) {
                handle.observe(seen);
            }
            handle.attachWhenRunning();
            log.debug("Sandbox {} started as pod {}/{}", spec.id(), options.namespace(), podName);
            return handle;
        }
    }

    /** Makes the pod the policy's owner, so that Kubernetes deletes the policy with the pod. */
    private void ownPolicy(String podName, Pod pod) {
        try {
            client.network().v1().networkPolicies().inNamespace(options.namespace()).withName(podName)
                    .edit(policy -> new NetworkPolicyBuilder(policy).editMetadata()
                            .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod")
                                    .withName(podName).withUid(pod.getMetadata().getUid())
                                    .withBlockOwnerDeletion(false).build())
                            .endMetadata().build());
        } catch (KubernetesClientException e) {
            // Still deleted explicitly when the sandbox is closed, and by the next runner process.
            log.warn("Cannot make pod {} the owner of its network policy: {}", podName, e.getMessage());
        }
    }

    /** The pod of {@code spec}; package-private for tests. */
    Pod pod(SandboxSpec spec, String podName) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(claimMount(spec, spec.workspaceDir(), SandboxSpec.WORKSPACE, false, "workspace"));
        mounts.add(claimMount(spec, spec.homeDir(), SandboxSpec.HOME, false, "home"));
        for (WritableBind bind : spec.writableBinds()) {
            mounts.add(claimMount(spec, bind.hostPath(), bind.sandboxPath(), false, "writable bind"));
        }
        for (ReadOnlyBind bind : spec.readOnlyBinds()) {
            if (under(bind.hostPath())) {
                mounts.add(claimMount(spec, bind.hostPath(), bind.sandboxPath(), true, "read-only bind"));
            } else if (!options.imageProvidedPaths().contains(bind.sandboxPath())) {
                throw new SandboxStartException(spec.id(), "read-only bind " + bind.hostPath() + " -> "
                        + bind.sandboxPath() + " is neither below POCO_K8S_WORKSPACE_ROOT (" + options.workspaceRoot()
                        + ", where POCO_K8S_WORKSPACE_CLAIM is mounted) nor provided by the sandbox image (which"
                        + " provides " + new TreeSet<>(options.imageProvidedPaths()) + ")");
            }
        }
        mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());

        Map<String, Quantity> limits = new LinkedHashMap<>();
        Map<String, Quantity> requests = new LinkedHashMap<>();
        long memory = spec.limits().memoryBytes();
        limits.put("memory", new Quantity(Long.toString(memory)));
        requests.put("memory", new Quantity(Long.toString(Math.min(memory, options.memoryRequestCap()))));
        if (options.cpuLimit() != null) {
            limits.put("cpu", new Quantity(options.cpuLimit()));
        }
        requests.put("cpu", new Quantity(options.cpuRequest()));
        if (spec.limits().diskLimited()) {
            limits.put("ephemeral-storage", new Quantity(Long.toString(spec.limits().diskBytes())));
        }

        SeccompProfile seccomp = options.seccompProfile().startsWith(KubernetesOptions.LOCALHOST_PREFIX)
                ? new SeccompProfileBuilder().withType("Localhost").withLocalhostProfile(
                        options.seccompProfile().substring(KubernetesOptions.LOCALHOST_PREFIX.length())).build()
                : new SeccompProfileBuilder().withType("RuntimeDefault").build();
        long deadline = Math.max(options.maxPodLifetime().toSeconds(),
                spec.limits().wallClockTimeout().plus(options.timeoutGrace()).plusMinutes(1).toSeconds());
        return new PodBuilder()
                .withNewMetadata()
                    .withName(podName)
                    .withNamespace(options.namespace())
                    .withLabels(labels(podName))
                    .withAnnotations(Map.of(SANDBOX_ID_ANNOTATION, spec.id()))
                    .withOwnerReferences(owner == null ? List.of() : List.of(owner))
                .endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .withAutomountServiceAccountToken(false)
                    .withEnableServiceLinks(false)
                    .withHostNetwork(false)
                    .withHostPID(false)
                    .withHostIPC(false)
                    .withRuntimeClassName(options.runtimeClass())
                    .withActiveDeadlineSeconds(deadline)
                    .withTerminationGracePeriodSeconds(options.timeoutGrace().toSeconds())
                    .withNewSecurityContext()
                        .withRunAsNonRoot(true)
                        .withRunAsUser((long) spec.uid())
                        .withRunAsGroup((long) spec.gid())
                        .withFsGroup((long) spec.gid())
                        .withFsGroupChangePolicy("OnRootMismatch")
                        .withSeccompProfile(seccomp)
                    .endSecurityContext()
                    .addNewVolume()
                        .withName(CLAIM_VOLUME)
                        .withNewPersistentVolumeClaim(options.workspaceClaim(), false)
                    .endVolume()
                    .addNewVolume()
                        .withName(TMP_VOLUME)
                        .withNewEmptyDir().withSizeLimit(new Quantity(options.tmpSize())).endEmptyDir()
                    .endVolume()
                    .addNewContainer()
                        .withName(CONTAINER)
                        .withImage(options.image())
                        .withCommand(command(spec.command()))
                        .withWorkingDir(spec.workingDir())
                        .withEnv(environment(spec))
                        .withStdin(true)
                        .withStdinOnce(true)
                        .withTty(false)
                        .withVolumeMounts(mounts)
                        .withNewResources().withLimits(limits).withRequests(requests).endResources()
                        .withNewSecurityContext()
                            .withAllowPrivilegeEscalation(false)
                            .withReadOnlyRootFilesystem(true)
                            .withPrivileged(false)
                            .withNewCapabilities().withDrop("ALL").endCapabilities()
                        .endSecurityContext()
                    .endContainer()
                .endSpec()
                .build();
    }

    /**
     * {@code command} started only once the attach is there: a shell reads one line (the go line the handle sends
     * first through the attach) and then execs the command with the rest of stdin, so nothing the command writes can
     * come before the runner listens. Without an attach the line never comes and the command never starts.
     */
    static List<String> command(List<String> command) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", GO_SCRIPT, "poco-sandbox"));
        argv.addAll(command);
        return List.copyOf(argv);
    }

    /** Exactly the spec's environment plus PATH, TERM and LANG (which it may override) and HOME (which it may not). */
    static List<EnvVar> environment(SandboxSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("TERM", "dumb");
        env.put("LANG", "C.UTF-8");
        env.putAll(spec.environment());
        env.put("HOME", SandboxSpec.HOME);
        return env.entrySet().stream().map(entry -> new EnvVar(entry.getKey(), entry.getValue(), null)).toList();
    }

    /** The sandbox's NetworkPolicy: no ingress; egress only to the runner pods on the run's gateway ports. */
    NetworkPolicy networkPolicy(SandboxSpec spec, String podName) {
        List<NetworkPolicyPort> ports = gatewayPorts(spec).stream().map(port -> new NetworkPolicyPortBuilder()
                .withProtocol("TCP").withPort(new IntOrString(port)).build()).toList();
        List<NetworkPolicyEgressRule> egress = ports.isEmpty() ? List.of() : List.of(new NetworkPolicyEgressRuleBuilder()
                .addNewTo()
                    .withNewPodSelector().withMatchLabels(options.runnerSelector()).endPodSelector()
                    .withNewNamespaceSelector().withMatchLabels(Map.of("kubernetes.io/metadata.name",
                            options.runnerNamespace())).endNamespaceSelector()
                .endTo()
                .withPorts(ports)
                .build());
        Map<String, String> labels = labels(podName);
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                    .withName(podName)
                    .withNamespace(options.namespace())
                    .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                    .withNewPodSelector().withMatchLabels(Map.of(RUNNER_LABEL, runnerLabel, SANDBOX_LABEL, podName))
                    .endPodSelector()
                    .withPolicyTypes("Ingress", "Egress")
                    .withIngress(List.of())
                    .withEgress(egress)
                .endSpec()
                .build();
    }

    /**
     * The ports of the {@code http://} URLs in the spec's environment whose host is the gateway host: the run's model
     * gateway ({@code ANTHROPIC_BASE_URL}) and egress gate ({@code HTTP_PROXY} and its siblings), which listen on
     * ports of their own per run.
     */
    List<Integer> gatewayPorts(SandboxSpec spec) {
        TreeSet<Integer> ports = new TreeSet<>();
        String host = stripBrackets(options.gatewayHost());
        for (String value : spec.environment().values()) {
            if (!value.startsWith("http://")) {
                continue;
            }
            try {
                URI uri = URI.create(value);
                if (uri.getHost() != null && stripBrackets(uri.getHost()).equalsIgnoreCase(host) && uri.getPort() > 0) {
                    ports.add(uri.getPort());
                }
            } catch (IllegalArgumentException e) {
                // not a URL
            }
        }
        return List.copyOf(ports);
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private Map<String, String> labels(String podName) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(RUNNER_LABEL, runnerLabel);
        labels.put(SANDBOX_LABEL, podName);
        return labels;
    }

    private boolean under(Path hostPath) {
        Path path = hostPath.normalize();
        return path.startsWith(options.workspaceRoot());
    }

    private VolumeMount claimMount(SandboxSpec spec, Path hostPath, String sandboxPath, boolean readOnly,
            String what) {
        if (!under(hostPath)) {
            throw new SandboxStartException(spec.id(), "the " + what + " " + hostPath + " is not below"
                    + " POCO_K8S_WORKSPACE_ROOT (" + options.workspaceRoot() + ", where POCO_K8S_WORKSPACE_CLAIM "
                    + options.workspaceClaim() + " is mounted), so a sandbox pod cannot mount it");
        }
        String subPath = options.workspaceRoot().relativize(hostPath.normalize()).toString();
        VolumeMountBuilder mount = new VolumeMountBuilder().withName(CLAIM_VOLUME).withMountPath(sandboxPath)
                .withReadOnly(readOnly);
        if (!subPath.isEmpty()) {
            mount.withSubPath(subPath);
        }
        return mount.build();
    }

    /**
     * A DNS-1123 label unique per sandbox id: {@code poco-}, the id in lower case with anything else as {@code -}
     * (shortened), and 8 hex digits of the id's SHA-256 (ids differing only in case or punctuation stay apart).
     */
    static String podName(String sandboxId) {
        String readable = sandboxId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (readable.length() > 44) {
            readable = readable.substring(0, 44).replaceAll("-+$", "");
        }
        String hash = HexFormat.of().formatHex(sha256(sandboxId)).substring(0, 8);
        return "poco-" + (readable.isEmpty() ? "" : readable + "-") + hash;
    }

    /** {@code value} as a valid label value: invalid characters as {@code -}, at most 63, alphanumeric at the ends. */
    static String labelValue(String value) {
        String cleaned = value.replaceAll("[^A-Za-z0-9._-]", "-");
        if (cleaned.length() > 63) {
            cleaned = cleaned.substring(0, 63);
        }
        cleaned = cleaned.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
        if (cleaned.isEmpty()) {
            throw new IllegalArgumentException("the runner id has no letter or digit: " + value);
        }
        return cleaned;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- used by the handles

    KubernetesClient client() {
        return client;
    }

    String namespace() {
        return options.namespace();
    }

    ScheduledThreadPoolExecutor timer() {
        return timer;
    }

    /** Deletes the pod with this grace; false if it was already gone. */
    boolean deletePod(String podName, Duration grace) {
        try {
            return !client.pods().inNamespace(options.namespace()).withName(podName)
                    .withGracePeriod(Math.max(0, grace.toSeconds())).delete().isEmpty();
        } catch (KubernetesClientException e) {
            log.warn("Cannot delete sandbox pod {}/{}: {}", options.namespace(), podName, e.getMessage());
            return false;
        }
    }

    void deletePolicy(String podName) {
        try {
            client.network().v1().networkPolicies().inNamespace(options.namespace()).withName(podName).delete();
        } catch (KubernetesClientException e) {
            log.warn("Cannot delete network policy {}/{} (the pod owns it; Kubernetes deletes it with the pod): {}",
                    options.namespace(), podName, e.getMessage());
        }
    }

    void forget(KubernetesSandboxHandle handle) {
        handles.remove(handle.id(), handle);
        byPod.remove(handle.podName(), handle);
    }

    @Override
    public Optional<SandboxHandle> find(String sandboxId) {
        return Optional.ofNullable(handles.get(sandboxId));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List.copyOf(handles.values()).parallelStream().forEach(KubernetesSandboxHandle::close);
        try {
            deleteLabelled("pods");
            deleteLabelled("networkpolicies");
        } catch (KubernetesClientException e) {
            log.warn("Cannot delete this runner's sandbox pods in namespace {}: {}", options.namespace(),
                    e.getMessage());
        }
        informer.close();
        timer.shutdownNow();
        if (ownsClient) {
            client.close();
        }
    }

    /** Routes pod events to the handle of the pod. */
    private final class PodEvents implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            route(pod, false);
        }

        @Override
        public void onUpdate(Pod oldPod, Pod newPod) {
            route(newPod, false);
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            route(pod, true);
        }

        private void route(Pod pod, boolean deleted) {
            @Nullable KubernetesSandboxHandle handle = byPod.get(name(pod));
            if (handle == null) {
                return;
            }
            if (deleted) {
                handle.deleted(pod);
            } else {
                handle.observe(pod);
            }
        }
    }

    private static String name(HasMetadata resource) {
        return resource.getMetadata().getName();
    }
}
