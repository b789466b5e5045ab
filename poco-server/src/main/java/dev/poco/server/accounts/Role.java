package dev.poco.server.accounts;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** What a user may do: {@code admin} manages users and invites; {@code member} uses Poco. */
public enum Role {
    ADMIN,
    MEMBER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** {@code null} or blank is a member; anything else but the two names is refused. */
    static Role parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return MEMBER;
        }
        for (Role r : values()) {
            if (r.wire().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new dev.poco.server.common.BadRequestException("role must be admin or member, got \""
                + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "\"");
    }
}
