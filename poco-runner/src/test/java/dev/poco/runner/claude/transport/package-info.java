/** Tests of {@code dev.poco.runner.claude.transport}. */
@NullMarked
package dev.poco.runner.claude.transport;

import org.jspecify.annotations.NullMarked;
