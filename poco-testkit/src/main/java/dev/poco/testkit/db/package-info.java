/**
 * One real PostgreSQL per test JVM: the embedded one (zonky) by default, or an external server
 * named by {@code POCO_TEST_DATABASE_URL}. Test classes share it; they isolate their data by
 * using their own user ids and schedule modes rather than by wiping tables.
 */
@NullMarked
package dev.poco.testkit.db;

import org.jspecify.annotations.NullMarked;
