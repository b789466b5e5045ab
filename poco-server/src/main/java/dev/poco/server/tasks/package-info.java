/**
 * Tasks: {@code POST /tasks}, a prompt for a new or an existing session. Stores the prompt, builds the session's and
 * the run's config snapshot ({@code ConfigSnapshots}, from the request, the project, the model list and the user's
 * capability installs read by {@code InstallDefaults}) and queues the run through {@code runs.RunLifecycle}, in one
 * transaction. The session keeps the {@code network} the user chose; the run's snapshot gets the effective policy
 * ({@code network.NetworkPolicies}).
 * <ul>
 * <li>routes: {@code TaskController}; service: {@code TaskService};</li>
 * <li>API: {@link dev.poco.server.tasks.TaskEnqueued}, poco's answer, which regenerate and edit give too;
 * {@link dev.poco.server.tasks.TaskService#pinConfig} and {@link dev.poco.server.tasks.TaskService#enqueueScheduled},
 * through which scheduled tasks pin their config and queue their fires exactly as a prompt is queued.</li>
 * </ul>
 */
@NullMarked
package dev.poco.server.tasks;

import org.jspecify.annotations.NullMarked;
