/**
 * Tasks: {@code POST /api/v1/tasks}, a prompt for a new or an existing session. Stores the prompt, builds the
 * session's and the run's config snapshot ({@code ConfigSnapshots}, from the request, the project and the user's
 * capability installs) and queues the run through {@code runs.RunLifecycle}, in one transaction.
 * API: {@link dev.poco.server.tasks.TaskEnqueued}, the answer also regenerate and edit give.
 */
@NullMarked
package dev.poco.server.tasks;

import org.jspecify.annotations.NullMarked;
