package dev.poco.app.isolation;

import dev.poco.app.support.PasswordAccounts;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Personal API tokens in {@code POCO_AUTH_MODE=password}: users A and B are signed-in members who each create a
 * {@code write} token on their own account ({@code POST /api/v1/tokens}, as a script's owner would) and from then on
 * send only {@code Authorization: Bearer <token>}, no cookie.
 */
final class ApiTokenScheme implements AuthScheme {

    private final String userA;
    private final String userB;
    private final String tokenA;
    private final String tokenB;

    ApiTokenScheme(String base) {
        PasswordAccounts.Member a = PasswordAccounts.member(base, "tok-a");
        PasswordAccounts.Member b = PasswordAccounts.member(base, "tok-b");
        userA = a.userId();
        userB = b.userId();
        tokenA = token(a);
        tokenB = token(b);
    }

    private static String token(PasswordAccounts.Member member) {
        return member.api().post("/api/v1/tokens", Map.of("name", "isolation-" + UUID.randomUUID().toString()
                .substring(0, 8), "scope", "write")).ok().path("token").asString();
    }

    @Override
    public Map<String, String> headers(Principal who) {
        return switch (who) {
            case USER_A -> Map.of("Authorization", "Bearer " + tokenA);
            case USER_B -> Map.of("Authorization", "Bearer " + tokenB);
            case ANONYMOUS -> Map.of();
        };
    }

    /** Every call with A's token moves its {@code last_used_at}. */
    @Override
    public Set<String> volatileReads() {
        return Set.of("GET /api/v1/tokens");
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
