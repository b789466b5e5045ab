/**
 * Spring wiring of the runner: {@code poco.runner.*} settings, the sandbox driver ({@code poco.sandbox.*},
 * {@link dev.poco.runner.config.SandboxDrivers}), the workspace
 * manager, and {@link dev.poco.runner.config.RunnerLauncher}, which the application starts against
 * a server URL (its own port when embedded, {@code POCO_SERVER_URL} on another host).
 */
@NullMarked
package dev.poco.runner.config;

import org.jspecify.annotations.NullMarked;
