/**
 * Live agents (issue 12): Claude Code processes kept running between runs so that a run's first model request does
 * not wait for the CLI to start. {@link dev.poco.runner.live.LiveAgents} holds a warm pool for new sessions and the
 * hot agents of sessions whose last run just completed; the run pipeline ({@code LiveAgentStage}) decides per run
 * which path it takes and falls back to a cold start whenever reuse is not provably the same as starting afresh.
 */
@NullMarked
package dev.poco.runner.live;

import org.jspecify.annotations.NullMarked;
