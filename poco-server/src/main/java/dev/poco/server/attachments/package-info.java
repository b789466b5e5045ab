/**
 * Files users attach to a task. Stored under {@code $POCO_HOME/data/attachments} with poco's key
 * layout ({@code attachments/<user>/<uuid>/file}); users read their own, runners fetch any with
 * the runner token to stage them into the workspace's {@code inputs/}.
 */
@NullMarked
package dev.poco.server.attachments;

import org.jspecify.annotations.NullMarked;
