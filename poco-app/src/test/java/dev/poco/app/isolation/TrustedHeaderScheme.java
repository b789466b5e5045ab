package dev.poco.app.isolation;

import java.util.Map;
import java.util.UUID;

/** {@code POCO_AUTH_MODE=trusted_header}: a user is whatever {@code X-User-Id} says; no header, no user. */
final class TrustedHeaderScheme implements AuthScheme {

    private final String userA = "iso-a-" + UUID.randomUUID().toString().substring(0, 8);
    private final String userB = "iso-b-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> headers(Principal who) {
        return switch (who) {
            case USER_A -> Map.of("X-User-Id", userA);
            case USER_B -> Map.of("X-User-Id", userB);
            case ANONYMOUS -> Map.of();
        };
    }

    @Override
    public String userId(Principal who) {
        return switch (who) {
            case USER_A -> userA;
            case USER_B -> userB;
            case ANONYMOUS -> throw new IllegalArgumentException("an anonymous caller owns nothing");
        };
    }
}
