/**
 * Live updates as Server-Sent Events. {@code GET /api/v1/sessions/{id}/events} replays a session's
 * event log after {@code Last-Event-ID} (or {@code ?after=}) and then follows it live, woken by
 * PostgreSQL NOTIFY so any replica can serve any browser; {@code GET /api/v1/events} carries the
 * caller's session list changes for the sidebar. Comments every 15 s keep proxies from closing
 * idle streams.
 */
@NullMarked
package dev.poco.server.stream;

import org.jspecify.annotations.NullMarked;
