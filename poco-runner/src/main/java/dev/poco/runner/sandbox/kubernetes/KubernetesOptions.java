package dev.poco.runner.sandbox.kubernetes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the {@link KubernetesSandboxDriver}.
 *
 * @param namespace where sandbox pods and their NetworkPolicies are created ({@code POCO_K8S_NAMESPACE})
 * @param image the sandbox pods' image ({@code POCO_K8S_SANDBOX_IMAGE}); it provides the system, and the programs of
 *     {@code imageProvidedPaths}
 * @param workspaceClaim the PersistentVolumeClaim that holds workspaces and homes ({@code POCO_K8S_WORKSPACE_CLAIM});
 *     the runner has it mounted at {@code workspaceRoot}, each pod mounts the sandbox's directories from it by sub path
 * @param workspaceRoot where the claim is mounted in the runner ({@code POCO_K8S_WORKSPACE_ROOT}); every workspace,
 *     home and writable bind must lie below it
 * @param runtimeClass the pods' RuntimeClass, e.g. {@code gvisor} or {@code kata} ({@code POCO_K8S_RUNTIME_CLASS});
 *     null for the cluster's default runtime
 * @param seccompProfile {@code RuntimeDefault}, or {@code localhost/<file>} for a profile on the nodes ({@code
 *     POCO_K8S_SECCOMP_PROFILE})
 * @param runnerSelector labels of the runner pods, the only pods sandboxes may connect to ({@code
 *     POCO_K8S_RUNNER_SELECTOR})
 * @param runnerNamespace namespace of the runner pods, for the NetworkPolicy's namespace selector
 * @param runnerId this runner process's name ({@code POCO_K8S_RUNNER_ID}), a label on its pods: a new runner process
 *     with the same id deletes what an earlier one left
 * @param runnerPod the runner's own pod ({@code HOSTNAME}), made the owner of every sandbox pod when it is in {@code
 *     namespace}, so that Kubernetes deletes the sandboxes of a runner pod that is gone for good; null for none
 * @param gatewayHost the address the runner's gateway and egress gate listen on and sandboxes connect to ({@code
 *     POCO_GATEWAY_ADVERTISE_HOST}, the runner pod's IP)
 * @param imageProvidedPaths sandbox paths of read-only binds the image provides itself (the Claude Code CLI, Node.js,
 *     the browser): a bind from outside {@code workspaceRoot} to one of them is left out, any other bind from outside
 *     the claim fails the sandbox's start
 * @param tmpSize size limit of the pod's {@code /tmp} (an emptyDir)
 * @param cpuRequest CPU the scheduler reserves per sandbox pod, in Kubernetes quantity notation
 * @param cpuLimit CPU one sandbox pod may use; null for no limit
 * @param memoryRequestCap the memory request is the sandbox's memory limit, at most this much (so that the warm pool
 *     does not reserve a whole node)
 * @param maxPodLifetime the pods' {@code activeDeadlineSeconds}: a backstop behind the driver's own wall-clock timer,
 *     which a live agent restarts for every run (Kubernetes lets a deadline only shrink), for pods whose runner is gone
 * @param timeoutGrace time between the stop signal and the kill when a sandbox's wall-clock limit is reached
 */
public record KubernetesOptions(
        String namespace,
        String image,
        String workspaceClaim,
        Path workspaceRoot,
        @Nullable String runtimeClass,
        String seccompProfile,
        Map<String, String> runnerSelector,
        String runnerNamespace,
        String runnerId,
        @Nullable String runnerPod,
        String gatewayHost,
        Set<String> imageProvidedPaths,
        String tmpSize,
        String cpuRequest,
        @Nullable String cpuLimit,
        long memoryRequestCap,
        Duration maxPodLifetime,
        Duration timeoutGrace) {

    /** The RuntimeDefault seccomp profile, the default. */
    public static final String RUNTIME_DEFAULT = "RuntimeDefault";
    /** Prefix of a Localhost seccomp profile. */
    public static final String LOCALHOST_PREFIX = "localhost/";
    /** Default of {@code POCO_K8S_RUNNER_SELECTOR}. */
    public static final String DEFAULT_RUNNER_SELECTOR = "app.kubernetes.io/name=poco,app.kubernetes.io/component=runner";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?"
            + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    public KubernetesOptions {
        requireDnsLabel("namespace", namespace);
        requireDnsLabel("runner namespace", runnerNamespace);
        Objects.requireNonNull(image, "image");
        if (image.isBlank()) {
            throw new IllegalArgumentException("the sandbox image must not be empty");
        }
        Objects.requireNonNull(workspaceClaim, "workspaceClaim");
        if (workspaceClaim.isBlank()) {
            throw new IllegalArgumentException("the workspace claim must not be empty");
        }
        Objects.requireNonNull(workspaceRoot, "workspaceRoot");
        if (!workspaceRoot.isAbsolute()) {
            throw new IllegalArgumentException("the workspace root must be absolute: " + workspaceRoot);
        }
        workspaceRoot = workspaceRoot.normalize();
        runtimeClass = runtimeClass == null || runtimeClass.isBlank() ? null : runtimeClass.strip();
        Objects.requireNonNull(seccompProfile, "seccompProfile");
        if (!seccompProfile.equals(RUNTIME_DEFAULT) && !(seccompProfile.startsWith(LOCALHOST_PREFIX)
                && seccompProfile.length() > LOCALHOST_PREFIX.length())) {
            throw new IllegalArgumentException("the seccomp profile must be " + RUNTIME_DEFAULT + " or "
                    + LOCALHOST_PREFIX + "<file>: " + seccompProfile);
        }
        runnerSelector = Collections.unmodifiableMap(new LinkedHashMap<>(runnerSelector));
        if (runnerSelector.isEmpty()) {
            throw new IllegalArgumentException("the runner selector must name at least one label");
        }
        runnerSelector.forEach((key, value) -> {
            if (!LABEL_KEY.matcher(key).matches() || !LABEL_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("not a label: " + key + "=" + value);
            }
        });
        Objects.requireNonNull(runnerId, "runnerId");
        if (runnerId.isBlank()) {
            throw new IllegalArgumentException("the runner id must not be empty");
        }
        runnerPod = runnerPod == null || runnerPod.isBlank() ? null : runnerPod.strip();
        Objects.requireNonNull(gatewayHost, "gatewayHost");
        imageProvidedPaths = Set.copyOf(imageProvidedPaths);
        Objects.requireNonNull(tmpSize, "tmpSize");
        Objects.requireNonNull(cpuRequest, "cpuRequest");
        if (memoryRequestCap <= 0) {
            throw new IllegalArgumentException("memoryRequestCap must be positive: " + memoryRequestCap);
        }
        Objects.requireNonNull(maxPodLifetime, "maxPodLifetime");
        Objects.requireNonNull(timeoutGrace, "timeoutGrace");
    }

    /**
     * Options with the defaults for everything but the required settings: RuntimeDefault seccomp, no RuntimeClass, the
     * default runner selector in {@code namespace}, 1 GiB {@code /tmp}, 250m CPU requested and 2 CPUs at most, 512 MiB
     * memory requested at most, pods live at most a day, 5 s timeout grace.
     */
    public static KubernetesOptions of(String namespace, String image, String workspaceClaim, Path workspaceRoot,
            String runnerId, String gatewayHost, Set<String> imageProvidedPaths) {
        return new KubernetesOptions(namespace, image, workspaceClaim, workspaceRoot, null, RUNTIME_DEFAULT,
                parseSelector(DEFAULT_RUNNER_SELECTOR), namespace, runnerId, null, gatewayHost, imageProvidedPaths, "1Gi",
                "250m", "2", 512L << 20, Duration.ofHours(24), Duration.ofSeconds(5));
    }

    public KubernetesOptions withRuntimeClass(@Nullable String value) {
        return new KubernetesOptions(namespace, image, workspaceClaim, workspaceRoot, value, seccompProfile,
                runnerSelector, runnerNamespace, runnerId, runnerPod, gatewayHost, imageProvidedPaths, tmpSize, cpuRequest,
                cpuLimit, memoryRequestCap, maxPodLifetime, timeoutGrace);
    }

    public KubernetesOptions withSeccompProfile(String value) {
        return new KubernetesOptions(namespace, image, workspaceClaim, workspaceRoot, runtimeClass, value,
                runnerSelector, runnerNamespace, runnerId, runnerPod, gatewayHost, imageProvidedPaths, tmpSize, cpuRequest,
                cpuLimit, memoryRequestCap, maxPodLifetime, timeoutGrace);
    }

    public KubernetesOptions withRunnerSelector(Map<String, String> value) {
        return new KubernetesOptions(namespace, image, workspaceClaim, workspaceRoot, runtimeClass, seccompProfile,
                value, runnerNamespace, runnerId, runnerPod, gatewayHost, imageProvidedPaths, tmpSize, cpuRequest, cpuLimit,
                memoryRequestCap, maxPodLifetime, timeoutGrace);
    }

    public KubernetesOptions withRunnerNamespace(String value) {
        return new KubernetesOptions(namespace, image, workspaceClaim, workspaceRoot, runtimeClass, seccompProfile,
                runnerSelector, value, runnerId, runnerPod, gatewayHost, imageProvidedPaths, tmpSize, cpuRequest, cpuLimit,
                memoryRequestCap, maxPodLifetime, timeoutGrace);
    }

    public KubernetesOptions withRunnerId(String value) {
        return new KubernetesOptions(namespace, image, workspaceClaim, workspaceRoot, runtimeClass, seccompProfile,
                runnerSelector, runnerNamespace, value, runnerPod, gatewayHost, imageProvidedPaths, tmpSize, cpuRequest, cpuLimit,
                memoryRequestCap, maxPodLifetime, timeoutGrace);
    }

    public KubernetesOptions withRunnerPod(@Nullable String value) {
        return new KubernetesOptions(namespace, image, workspaceClaim, workspaceRoot, runtimeClass, seccompProfile,
                runnerSelector, runnerNamespace, runnerId, value, gatewayHost, imageProvidedPaths, tmpSize, cpuRequest,
                cpuLimit, memoryRequestCap, maxPodLifetime, timeoutGrace);
    }

    public KubernetesOptions withTimeoutGrace(Duration value) {
        return new KubernetesOptions(namespace, image, workspaceClaim, workspaceRoot, runtimeClass, seccompProfile,
                runnerSelector, runnerNamespace, runnerId, runnerPod, gatewayHost, imageProvidedPaths, tmpSize, cpuRequest,
                cpuLimit, memoryRequestCap, maxPodLifetime, value);
    }

    /**
     * {@code key=value} pairs separated by commas, e.g. {@code app.kubernetes.io/name=poco,app.kubernetes.io/component=runner}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Map<String, String> parseSelector(String selector) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : selector.split(",")) {
            String trimmed = pair.strip();
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || trimmed.indexOf('=', eq + 1) >= 0) {
                throw new IllegalArgumentException("not a key=value pair: '" + trimmed + "'");
            }
            String key = trimmed.substring(0, eq).strip();
            String value = trimmed.substring(eq + 1).strip();
            if (!LABEL_KEY.matcher(key).matches() || !LABEL_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("not a label: '" + trimmed + "'");
            }
            labels.put(key, value);
        }
        return labels;
    }

    private static void requireDnsLabel(String name, @Nullable String value) {
        Objects.requireNonNull(value, name);
        if (!DNS_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " is not a Kubernetes namespace name: " + value);
        }
    }
}
