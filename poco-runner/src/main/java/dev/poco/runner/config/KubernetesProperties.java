package dev.poco.runner.config;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code kubernetes} sandbox driver ({@code POCO_K8S_*}); read only when {@code
 * POCO_SANDBOX_DRIVER=kubernetes}. See {@link dev.poco.runner.sandbox.kubernetes.KubernetesOptions}.
 *
 * @param namespace where sandbox pods go ({@code POCO_K8S_NAMESPACE}); default the runner's own namespace (its service
 *     account's namespace file), else {@code default}
 * @param sandboxImage the sandbox pods' image ({@code POCO_K8S_SANDBOX_IMAGE}); required
 * @param workspaceClaim the PersistentVolumeClaim of workspaces and homes ({@code POCO_K8S_WORKSPACE_CLAIM}); required
 * @param workspaceRoot where that claim is mounted in the runner ({@code POCO_K8S_WORKSPACE_ROOT}); default {@code
 *     POCO_HOME}
 * @param runtimeClass RuntimeClass of sandbox pods ({@code POCO_K8S_RUNTIME_CLASS}), e.g. {@code gvisor}; default none
 * @param seccompProfile {@code RuntimeDefault} (default) or {@code localhost/<file>} ({@code POCO_K8S_SECCOMP_PROFILE})
 * @param runnerSelector labels of the runner pods, the only ones sandbox pods may reach ({@code
 *     POCO_K8S_RUNNER_SELECTOR})
 * @param runnerId this runner's name on its pods ({@code POCO_K8S_RUNNER_ID}); default {@code HOSTNAME}, the pod name
 */
@ConfigurationProperties("poco.k8s")
public record KubernetesProperties(
        @Nullable String namespace,
        @Nullable String sandboxImage,
        @Nullable String workspaceClaim,
        @Nullable Path workspaceRoot,
        @Nullable String runtimeClass,
        @DefaultValue("RuntimeDefault") String seccompProfile,
        @DefaultValue("app.kubernetes.io/name=poco,app.kubernetes.io/component=runner") String runnerSelector,
        @Nullable String runnerId) {

    /** Everything at its default. */
    public static final KubernetesProperties DEFAULTS = new KubernetesProperties(null, null, null, null, null,
            "RuntimeDefault", "app.kubernetes.io/name=poco,app.kubernetes.io/component=runner", null);
}
