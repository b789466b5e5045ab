/**
 * The exception tree of the Claude Code driver. {@link dev.poco.runner.claude.error.CliException} is the root; every
 * subclass carries its data in fields ({@code exitCode}, {@code stderrTail}, {@code subtype}, the raw line) so that
 * callers branch on types and fields, never on message text. All of them are unchecked.
 */
@NullMarked
package dev.poco.runner.claude.error;

import org.jspecify.annotations.NullMarked;
