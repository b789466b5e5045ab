/**
 * The runner: claims runs from a Poco server and executes each with the Claude Code CLI in a
 * bubblewrap sandbox. {@link dev.poco.runner.Runner} is the entry point; the same code serves the
 * runner embedded in the all-in-one process and {@code ./poco runner} on another host.
 */
@NullMarked
package dev.poco.runner;

import org.jspecify.annotations.NullMarked;
