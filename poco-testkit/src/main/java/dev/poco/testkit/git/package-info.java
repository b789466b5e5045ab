/**
 * GitHub stand-ins on real sockets: a git smart-HTTP server (git's own {@code http-backend}) behind GitHub's token
 * authentication, and GitHub's REST API for pull requests.
 */
@NullMarked
package dev.poco.testkit.git;

import org.jspecify.annotations.NullMarked;
