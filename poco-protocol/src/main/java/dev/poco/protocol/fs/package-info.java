/**
 * Reading a directory tree an agent can change while it is read: every step is relative to an open directory
 * descriptor and never follows a symbolic link. Used by the runner's workspace export and the server's session copy.
 */
@NullMarked
package dev.poco.protocol.fs;

import org.jspecify.annotations.NullMarked;
