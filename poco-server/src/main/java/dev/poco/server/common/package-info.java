/**
 * Shared building blocks of every feature: poco's response envelope and error codes, the
 * exception tree that the web layer maps to them, JSON helpers for jsonb columns, and the
 * PostgreSQL LISTEN/NOTIFY hub.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.poco.server.common;

import org.jspecify.annotations.NullMarked;
