/**
 * One run from claim to terminal status, as a pipeline of stages ({@link dev.poco.runner.run.RunStage})
 * listed in {@link dev.poco.runner.run.RunPipelineFactory}: start, report, credentials, lease,
 * workspace, inputs, export, gateway, sandbox, Claude Code session (questions and plan approval
 * included). Stages share a {@link dev.poco.runner.run.RunContext}; a new feature is a new stage.
 */
@NullMarked
package dev.poco.runner.run;

import org.jspecify.annotations.NullMarked;
