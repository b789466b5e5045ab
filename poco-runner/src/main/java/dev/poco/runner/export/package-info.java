/**
 * Workspace export (DESIGN.md §4.8): after each run the runner uploads the session's changed files, a zip and the
 * file list through the server into its BlobStore, so the server never reads this host's disk. Reads the workspace
 * through directory descriptors without following links; talks to the server with its own small HTTP client.
 */
@NullMarked
package dev.poco.runner.export;

import org.jspecify.annotations.NullMarked;
