/**
 * Work on a session, the layer above sessions, messages and runs: {@code POST /tasks} (store the
 * prompt, build the config snapshot, queue a run), cancel, delete, branch, regenerate and edit,
 * and the message listings that join messages with their runs' attachments.
 */
@NullMarked
package dev.poco.server.tasks;

import org.jspecify.annotations.NullMarked;
