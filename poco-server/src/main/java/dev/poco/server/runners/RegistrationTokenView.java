package dev.poco.server.runners;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * {@code POST /admin/runners/registration-tokens}: the token to start runners with
 * ({@code POCO_RUNNER_REGISTRATION_TOKEN}), shown this once. {@link #toString()} hides it.
 */
public record RegistrationTokenView(UUID id, String token, String prefix, OffsetDateTime expiresAt, int maxUses) {

    @Override
    public String toString() {
        return "RegistrationTokenView[id=" + id + ", prefix=" + prefix + ", token=***]";
    }
}
