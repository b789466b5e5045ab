/**
 * Projects: named groups of sessions, optionally tied to a GitHub repository whose URL, branch and
 * token variable become defaults of new tasks. Soft-deleted; deleting detaches its sessions.
 */
@NullMarked
package dev.poco.server.projects;

import org.jspecify.annotations.NullMarked;
