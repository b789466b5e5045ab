package dev.poco.runner.config;

import dev.poco.runner.browser.BrowserTools;
import dev.poco.runner.claude.ClaudeCommand;
import dev.poco.runner.egress.NodeBinary;
import dev.poco.runner.sandbox.BubblewrapOptions;
import dev.poco.runner.sandbox.BubblewrapSandboxDriver;
import dev.poco.runner.sandbox.HostUidRange;
import dev.poco.runner.sandbox.LimitOptions;
import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.sandbox.UnsandboxedDriver;
import dev.poco.runner.sandbox.kubernetes.KubernetesOptions;
import dev.poco.runner.sandbox.kubernetes.KubernetesSandboxDriver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the sandbox driver {@code POCO_SANDBOX_DRIVER} names. One switch instead of a conditional bean per driver, so
 * that an unknown name or a refused {@code none} stops the runner with a message saying what to set.
 */
public final class SandboxDrivers {

    static final String BUBBLEWRAP = "bubblewrap";
    static final String NONE = "none";
    static final String KUBERNETES = "kubernetes";
    /** Every value {@code POCO_SANDBOX_DRIVER} accepts. */
    public static final List<String> NAMES = List.of(BUBBLEWRAP, NONE, KUBERNETES);
    /** The runner's namespace when it runs in a pod. */
    static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private static final Logger log = LoggerFactory.getLogger(SandboxDrivers.class);

    private SandboxDrivers() {
    }

    /**
     * @throws InvalidSandboxConfigurationException for an unknown driver, or {@code none} without {@code
     *     POCO_SANDBOX_ALLOW_UNSANDBOXED=true}
     * @throws dev.poco.runner.sandbox.SandboxUnavailableException if the driver cannot work on this host
     */
    public static SandboxDriver create(SandboxProperties sandbox, RunnerProperties runner, Path home) {
        return create(sandbox, runner, home, KubernetesProperties.DEFAULTS, null);
    }

    /**
     * @param kubernetes the {@code kubernetes} driver's settings, read only when it is chosen
     * @param advertiseHost {@code POCO_GATEWAY_ADVERTISE_HOST}, for the {@code kubernetes} driver
     * @throws InvalidSandboxConfigurationException for an unknown driver, {@code none} without {@code
     *     POCO_SANDBOX_ALLOW_UNSANDBOXED=true}, or {@code kubernetes} without its required settings
     */
    public static SandboxDriver create(SandboxProperties sandbox, RunnerProperties runner, Path home,
            KubernetesProperties kubernetes, @Nullable String advertiseHost) {
        String name = sandbox.driver().strip().toLowerCase(Locale.ROOT);
        SandboxDriver driver = switch (name) {
            case BUBBLEWRAP -> new BubblewrapSandboxDriver(BubblewrapOptions.defaults()
                    .withStateDir(home.resolve("run/sandboxes"))
                    .withHostUids(HostUidRange.parse(runner.sandboxUidRange())),
                    LimitOptions.defaults().withRequireLimits(runner.requireLimits()));
            case NONE -> {
                if (!sandbox.allowUnsandboxed()) {
                    throw new InvalidSandboxConfigurationException("POCO_SANDBOX_DRIVER=none runs the agent directly"
                            + " on this host, with your files, network and credentials and no isolation; it is for"
                            + " development only. Set POCO_SANDBOX_ALLOW_UNSANDBOXED=true to allow it, or use"
                            + " POCO_SANDBOX_DRIVER=bubblewrap (the default).");
                }
                yield new UnsandboxedDriver();
            }
            case KUBERNETES -> {
                KubernetesOptions options = kubernetesOptions(kubernetes, home, advertiseHost, System.getenv(),
                        SERVICE_ACCOUNT_NAMESPACE);
                // The client exists only for this driver: in-cluster configuration (service account), else kubeconfig.
                KubernetesClient client = new KubernetesClientBuilder().build();
                yield new KubernetesSandboxDriver(options, client, true);
            }
            default -> throw new InvalidSandboxConfigurationException("POCO_SANDBOX_DRIVER=" + sandbox.driver()
                    + " is not a sandbox driver; allowed values: " + String.join(", ", NAMES));
        };
        if (driver.name().equals(NONE)) {
            log.warn("*** Sandbox driver: none. Runs are NOT sandboxed: the agent runs on this host as the runner's"
                    + " user, with its network and files (POCO_SANDBOX_ALLOW_UNSANDBOXED=true). Development only. ***");
        } else {
            log.info("Sandbox driver: {}", driver.name());
        }
        return driver;
    }

    /**
     * The {@code kubernetes} driver's options from its settings; {@code env} for {@code HOSTNAME}, {@code
     * namespaceFile} for the runner's namespace. Creates no client.
     *
     * @throws InvalidSandboxConfigurationException naming the setting that is missing or wrong
     */
    static KubernetesOptions kubernetesOptions(KubernetesProperties k8s, Path home, @Nullable String advertiseHost,
            Map<String, String> env, Path namespaceFile) {
        String image = blankToNull(k8s.sandboxImage());
        if (image == null) {
            throw new InvalidSandboxConfigurationException("POCO_SANDBOX_DRIVER=kubernetes needs"
                    + " POCO_K8S_SANDBOX_IMAGE: the image of the sandbox pods, which provides the system, the Claude"
                    + " Code CLI at " + ClaudeCommand.SANDBOX_BINARY + " and Node.js at " + NodeBinary.SANDBOX_PATH);
        }
        String claim = blankToNull(k8s.workspaceClaim());
        if (claim == null) {
            throw new InvalidSandboxConfigurationException("POCO_SANDBOX_DRIVER=kubernetes needs"
                    + " POCO_K8S_WORKSPACE_CLAIM: the PersistentVolumeClaim that holds the workspaces, mounted in the"
                    + " runner at POCO_K8S_WORKSPACE_ROOT (default POCO_HOME) and by sub path in every sandbox pod");
        }
        @Nullable String ownNamespace = readNamespace(namespaceFile);
        @Nullable String configuredNamespace = blankToNull(k8s.namespace());
        String namespace = configuredNamespace != null ? configuredNamespace
                : ownNamespace != null ? ownNamespace : "default";
        @Nullable String configuredId = blankToNull(k8s.runnerId());
        @Nullable String runnerId = configuredId != null ? configuredId : blankToNull(env.get("HOSTNAME"));
        if (runnerId == null) {
            throw new InvalidSandboxConfigurationException("POCO_SANDBOX_DRIVER=kubernetes needs POCO_K8S_RUNNER_ID"
                    + " (default HOSTNAME, the runner pod's name, which is not set here)");
        }
        Map<String, String> selector;
        try {
            selector = KubernetesOptions.parseSelector(k8s.runnerSelector());
        } catch (IllegalArgumentException e) {
            throw new InvalidSandboxConfigurationException("POCO_K8S_RUNNER_SELECTOR must be label=value pairs"
                    + " separated by commas, e.g. " + KubernetesOptions.DEFAULT_RUNNER_SELECTOR + "; "
                    + e.getMessage());
        }
        @Nullable String configuredHost = blankToNull(advertiseHost);
        String host = configuredHost != null ? configuredHost : ownAddress();
        Path root = k8s.workspaceRoot() != null ? k8s.workspaceRoot() : home;
        try {
            return KubernetesOptions.of(namespace, image, claim, root.toAbsolutePath(), runnerId, host,
                            Set.of(ClaudeCommand.SANDBOX_BINARY, NodeBinary.SANDBOX_PATH,
                                    BrowserTools.SANDBOX_NODE_MODULES, BrowserTools.SANDBOX_CHROMIUM))
                    .withRunnerNamespace(ownNamespace != null ? ownNamespace : namespace)
                    .withRunnerPod(ownNamespace != null ? blankToNull(env.get("HOSTNAME")) : null)
                    .withRunnerSelector(selector)
                    .withRuntimeClass(k8s.runtimeClass())
                    .withSeccompProfile(k8s.seccompProfile().strip());
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String variable = message.startsWith("the seccomp profile") ? "POCO_K8S_SECCOMP_PROFILE"
                    : message.contains("namespace") ? "POCO_K8S_NAMESPACE" : "POCO_K8S_RUNNER_ID";
            throw new InvalidSandboxConfigurationException("POCO_SANDBOX_DRIVER=kubernetes: " + variable + ": "
                    + message);
        }
    }

    private static @Nullable String readNamespace(Path file) {
        try {
            return Files.isReadable(file) ? blankToNull(Files.readString(file, StandardCharsets.UTF_8)) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The address of this host's name: in a pod, the pod's IP (from /etc/hosts). */
    private static String ownAddress() {
        try {
            InetAddress address = InetAddress.getLocalHost();
            if (!address.isLoopbackAddress()) {
                return address.getHostAddress();
            }
        } catch (UnknownHostException e) {
            // fall through
        }
        throw new InvalidSandboxConfigurationException("POCO_SANDBOX_DRIVER=kubernetes needs"
                + " POCO_GATEWAY_ADVERTISE_HOST, the runner pod's IP that sandbox pods connect to (set it from the"
                + " downward API, status.podIP): this host's name does not resolve to a non-loopback address");
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The sandbox settings make no sense; the message names the variable to change. */
    public static final class InvalidSandboxConfigurationException extends IllegalStateException {
        InvalidSandboxConfigurationException(String message) {
            super(message);
        }
    }
}
