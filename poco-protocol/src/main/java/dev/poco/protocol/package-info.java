/**
 * The wire contract between the Poco server and its runners, and the shapes both sides share:
 * claim, start, fail, heartbeat and watch of runs, the progress callback, agent state, user-input
 * requests and session events. Plain records with poco's snake_case field names; no Spring.
 * A change here is a protocol change: keep it backwards compatible with poco's JSON.
 */
@NullMarked
package dev.poco.protocol;

import org.jspecify.annotations.NullMarked;
