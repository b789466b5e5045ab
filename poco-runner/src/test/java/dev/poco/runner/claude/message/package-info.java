/** Tests of {@code dev.poco.runner.claude.message}. */
@NullMarked
package dev.poco.runner.claude.message;

import org.jspecify.annotations.NullMarked;
