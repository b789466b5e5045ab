/**
 * Tests that run the real Claude Code binary (pinned 2.1.197, located by {@code ClaudeCliLocator}) against
 * poco-testkit's {@link dev.poco.testkit.anthropic.FakeAnthropicServer}, a scripted Messages API on loopback. No sandbox, no
 * network beyond 127.0.0.1. They fail (never skip) when the binary is missing, naming how to install it.
 */
@NullMarked
package dev.poco.runner.claude.realcli;

import org.jspecify.annotations.NullMarked;
