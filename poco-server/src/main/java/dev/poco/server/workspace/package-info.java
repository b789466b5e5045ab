/**
 * A session's workspace as the user sees it: a file tree, file bytes with the right content type, and a zip of
 * everything, all served from the workspace's last export (a manifest plus files in the BlobStore, poco's keys), which
 * runners upload through {@code /api/v1/internal/sessions/{id}/workspace/export}. The server never reads a runner's
 * workspace directory; it only copies a session directory into a branch when the embedded runner shares its host.
 */
@NullMarked
package dev.poco.server.workspace;

import org.jspecify.annotations.NullMarked;
