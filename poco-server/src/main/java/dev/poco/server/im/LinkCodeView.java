package dev.poco.server.im;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /im/link-codes}: the code to send as {@code /link CODE}, shown once, and the project new tasks of the
 * chat it links will go to (null: none).
 */
public record LinkCodeView(String code, OffsetDateTime expiresAt, @Nullable UUID projectId) {}
