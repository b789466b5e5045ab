/** Tests of {@code dev.poco.runner.messages}. */
@NullMarked
package dev.poco.runner.messages;

import org.jspecify.annotations.NullMarked;
