/**
 * The session workspace on the host: its directory layout, the git repository that snapshots every run, the
 * agent-facing change report (poco's WorkspaceHook) and staged input files.
 *
 * <p>The workspace, {@code .git} included, is written by the agent, so nothing here runs git on the host: every git
 * command runs in a short-lived sandbox of the {@link dev.poco.runner.sandbox.SandboxDriver}, and host-side file
 * writes never follow a link the agent may have planted. {@link dev.poco.runner.workspace.WorkspaceManager} is the
 * entry point; it is plain Java, wired by the runner's configuration.
 */
@NullMarked
package dev.poco.runner.workspace;

import org.jspecify.annotations.NullMarked;
