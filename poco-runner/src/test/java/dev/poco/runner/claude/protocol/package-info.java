/** Tests of {@code dev.poco.runner.claude.protocol}. */
@NullMarked
package dev.poco.runner.claude.protocol;

import org.jspecify.annotations.NullMarked;
