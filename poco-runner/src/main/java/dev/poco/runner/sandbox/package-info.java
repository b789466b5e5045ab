/**
 * Sandboxes that run one command with no network, no host secrets and limited resources.
 *
 * <p>{@link dev.poco.runner.sandbox.SandboxDriver} is the SPI the runner talks to; {@link
 * dev.poco.runner.sandbox.BubblewrapSandboxDriver} implements it with bubblewrap. Workspace layout, skill
 * staging and the model gateway live elsewhere ({@code runner.workspace}, {@code runner.gateway}); this package
 * only mounts what the {@link dev.poco.runner.sandbox.SandboxSpec} names. No Spring types here: a configuration
 * class wires the driver.
 */
@NullMarked
package dev.poco.runner.sandbox;

import org.jspecify.annotations.NullMarked;
