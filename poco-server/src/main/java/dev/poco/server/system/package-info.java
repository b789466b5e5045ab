/**
 * Cross-cutting setup: configuration properties, the database (embedded PostgreSQL or
 * {@code DATABASE_URL}), JSON, the request id and request log filters, the mapping of exceptions
 * to poco's envelope, and the OpenAPI document.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.poco.server.system;

import org.jspecify.annotations.NullMarked;
