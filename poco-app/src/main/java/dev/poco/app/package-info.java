/**
 * The executable: picks the role ({@code POCO_ROLE}: {@code all} by default, {@code server} or
 * {@code runner}), boots the server with the web UI, and starts the embedded runner against the
 * server's own port once it listens.
 */
@NullMarked
package dev.poco.app;

import org.jspecify.annotations.NullMarked;
