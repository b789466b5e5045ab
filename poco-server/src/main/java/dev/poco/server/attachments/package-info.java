/**
 * Files users attach to a task: bytes in the BlobStore under poco's key
 * {@code attachments/<user>/<uuid>/file}, metadata in the {@code attachments} table; users read their own
 * (presigned with S3), runners fetch any with the runner token to stage them into the workspace's {@code inputs/}.
 */
@NullMarked
package dev.poco.server.attachments;

import org.jspecify.annotations.NullMarked;
