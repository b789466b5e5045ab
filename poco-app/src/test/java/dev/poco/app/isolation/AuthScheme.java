package dev.poco.app.isolation;

import java.util.Map;
import java.util.Set;

/**
 * How the isolation test speaks as user A, as user B and as nobody. One implementation per
 * {@code POCO_AUTH_MODE}: the test itself only ever asks for the headers of a {@link Principal}, so
 * the same enumeration runs in {@code trusted_header} mode ({@link TrustedHeaderScheme}), in {@code password} mode
 * with session cookies ({@link PasswordScheme}) and with personal API tokens ({@link ApiTokenScheme}).
 */
interface AuthScheme {

    enum Principal {
        USER_A,
        USER_B,
        ANONYMOUS
    }

    /** The headers that make a request come from {@code who}; empty for {@link Principal#ANONYMOUS}. */
    Map<String, String> headers(Principal who);

    /** The user id the server stores as the owner of {@code who}'s resources (for workspace paths). */
    String userId(Principal who);

    /** Reads whose answer to A changes because of the way A speaks (a token's last use), besides Endpoints.VOLATILE. */
    default Set<String> volatileReads() {
        return Set.of();
    }
}
