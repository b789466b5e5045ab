/**
 * CLAUDE.md ({@code user_claude_md_settings}): each user's standing instructions for the agent, one row per user,
 * staged by the runner as {@code CLAUDE.md} under the agent's {@code .claude} when enabled.
 * <ul>
 * <li>routes: {@code /claude-md} GET, PUT (upsert, at most 64 KiB of UTF-8), DELETE (idempotent), and
 * {@code /internal/claude-md} for the runner (runner token, user from {@code X-User-Id}); all in
 * {@code ClaudeMdController}; service: {@code ClaudeMdService}; repository: {@code ClaudeMdRepository};</li>
 * <li>{@code enabled} in answers is effective: stored enabled and content not blank (poco's rule);</li>
 * <li>API: {@code ClaudeMdService#get}, {@code ClaudeMdView}.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common"})
@NullMarked
package dev.poco.server.claudemd;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
