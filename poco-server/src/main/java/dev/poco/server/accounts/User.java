package dev.poco.server.accounts;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** A row of {@code users}; the password hash never leaves this package. */
record User(String id, String username, String displayName, String passwordHash, Role role, boolean disabled,
        OffsetDateTime createdAt, @Nullable OffsetDateTime lastLoginAt) {

    boolean admin() {
        return role == Role.ADMIN;
    }
}
