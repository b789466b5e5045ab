/** Tests of {@code dev.poco.runner.claude}. */
@NullMarked
package dev.poco.runner.claude;

import org.jspecify.annotations.NullMarked;
