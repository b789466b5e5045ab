package dev.poco.server.accounts;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** A user as the admin page lists it. */
record UserView(String userId, String username, String displayName, String role, boolean disabled,
        OffsetDateTime createdAt, @Nullable OffsetDateTime lastLoginAt) {

    static UserView of(User u) {
        return new UserView(u.id(), u.username(), u.displayName(), u.role().wire(), u.disabled(), u.createdAt(),
                u.lastLoginAt());
    }
}
