/**
 * One run from claim to terminal status: workspace, sandbox, model gateway, the Claude Code
 * session, questions and plan approval, heartbeats, cancellation and reporting.
 */
@NullMarked
package dev.poco.runner.run;

import org.jspecify.annotations.NullMarked;
