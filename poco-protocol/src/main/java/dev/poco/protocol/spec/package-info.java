/**
 * The typed run specification ({@link dev.poco.protocol.spec.RunSpec}) the server hands a runner
 * with each claim: everything one run needs, built from poco's untyped {@code config_snapshot}.
 * Versioned and forward compatible: unknown fields are ignored, missing sections get defaults,
 * so a newer server can add fields that an older runner skips.
 */
@NullMarked
package dev.poco.protocol.spec;

import org.jspecify.annotations.NullMarked;
