/**
 * The {@code kubernetes} sandbox driver: one pod per sandbox, in a namespace of the cluster the runner runs in, with
 * a NetworkPolicy that lets the pod reach only the runner's model gateway and egress gate.
 *
 * <p>{@link dev.poco.runner.sandbox.kubernetes.KubernetesSandboxDriver} implements the sandbox SPI with the fabric8
 * client; {@link dev.poco.runner.sandbox.kubernetes.KubernetesOptions} holds its settings ({@code POCO_K8S_*}, bound in
 * {@code runner.config}). No Spring types here.
 */
@NullMarked
package dev.poco.runner.sandbox.kubernetes;

import org.jspecify.annotations.NullMarked;
