/**
 * User input requests (poco's {@code user_input_requests}): the agent's AskUserQuestion and
 * ExitPlanMode, waiting for the user. Runners create them and long-poll for the answer; users list
 * and answer them. Pending requests expire (60 s by default, 10 min for plans) lazily on read and
 * eagerly by a sweeper, so streams see {@code question.closed} on time.
 */
@NullMarked
package dev.poco.server.questions;

import org.jspecify.annotations.NullMarked;
