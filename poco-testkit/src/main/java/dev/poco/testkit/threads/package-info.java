/** Thread dumps for tests that must wait until a server thread is parked. */
@NullMarked
package dev.poco.testkit.threads;

import org.jspecify.annotations.NullMarked;
