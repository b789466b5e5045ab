/** The claim loop: long-polls the server for runs while a slot is free and hands them to executions. */
@NullMarked
package dev.poco.runner.claim;

import org.jspecify.annotations.NullMarked;
