/**
 * Scheduled tasks (poco's {@code agent_scheduled_tasks}): a prompt that runs on a cron schedule in an IANA time zone.
 * <ul>
 * <li>routes: {@code /scheduled-tasks} (create, list, get, patch, delete, trigger, runs) and Poco's
 * {@code /scheduled-tasks/preview} (the next fires of an expression) ({@code ScheduledTaskController});
 * {@code POST /internal/scheduled-tasks/dispatch-due} and {@code GET /schedules} ({@code ScheduleController});</li>
 * <li>service: {@code ScheduledTaskService}; a fire queues its run through {@code tasks.TaskService}, exactly as
 * {@code POST /tasks} does, tagged with the task; repository: {@code ScheduledTaskRepository};</li>
 * <li>dispatch: {@code ScheduleDispatcher} in every server, each pass taking due rows with
 * {@code FOR UPDATE SKIP LOCKED}, one per transaction, so several replicas fire a task once; a fire missed while
 * no server ran is due at the next pass and runs once (missed fires coalesce);</li>
 * <li>cron: {@link dev.poco.server.schedules.Cron}, croniter's grammar on Spring's {@code CronExpression};</li>
 * <li>events: in, {@code runs.ScheduledRunChanged} (the task's last-run summary);</li>
 * <li>API: {@code Cron}, {@code ScheduleProperties}.</li>
 * </ul>
 */
@NullMarked
package dev.poco.server.schedules;

import org.jspecify.annotations.NullMarked;
