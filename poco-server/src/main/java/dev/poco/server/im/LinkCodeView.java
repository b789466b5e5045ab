package dev.poco.server.im;

import java.time.OffsetDateTime;

/** {@code POST /im/link-codes}: the code to send as {@code /link CODE}, shown once. */
public record LinkCodeView(String code, OffsetDateTime expiresAt) {}
