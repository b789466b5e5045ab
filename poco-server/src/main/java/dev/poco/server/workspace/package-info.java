/**
 * A session's workspace as the user sees it: a file tree, file bytes with the right content type,
 * and a zip of everything. Reads the local workspace directory the embedded runner writes
 * ({@code $POCO_HOME/workspaces}); never serves a path outside it, through {@code ..}, absolute
 * paths or symbolic links.
 */
@NullMarked
package dev.poco.server.workspace;

import org.jspecify.annotations.NullMarked;
