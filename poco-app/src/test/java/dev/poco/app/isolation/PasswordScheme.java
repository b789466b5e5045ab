package dev.poco.app.isolation;

import dev.poco.app.support.PasswordAccounts;
import java.util.Map;

/**
 * {@code POCO_AUTH_MODE=password}: users A and B are members invited by the admin (the admin is neither), each signed
 * in through {@code POST /api/v1/auth/login} and speaking with its {@code poco_session} cookie; no cookie, no user (an
 * {@code X-User-Id} header means nothing in this mode).
 */
final class PasswordScheme implements AuthScheme {

    private final PasswordAccounts.Member userA;
    private final PasswordAccounts.Member userB;

    PasswordScheme(String base) {
        userA = PasswordAccounts.member(base, "iso-a");
        userB = PasswordAccounts.member(base, "iso-b");
    }

    @Override
    public Map<String, String> headers(Principal who) {
        return switch (who) {
            case USER_A -> userA.api().headers();
            case USER_B -> userB.api().headers();
            case ANONYMOUS -> Map.of();
        };
    }

    @Override
    public String userId(Principal who) {
        return switch (who) {
            case USER_A -> userA.userId();
            case USER_B -> userB.userId();
            case ANONYMOUS -> throw new IllegalArgumentException("an anonymous caller owns nothing");
        };
    }
}
