package dev.poco.server.accounts;

import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.PocoException;
import java.util.Map;

/**
 * An OIDC sign-in that did not succeed. {@link #reason()} is the short code a browser is sent back with
 * ({@code /?oidc_error=REASON}, which the sign-in page turns into a friendly message) and the envelope's
 * {@code data.reason} for API clients. Messages never contain the code, state, or tokens.
 */
final class OidcRefused extends PocoException {

    /** Unknown, missing, expired or reused state, or a callback in another browser than the one that started. */
    static final String STATE = "state";
    /** The provider answered with an {@code error} parameter (e.g. the user declined). */
    static final String PROVIDER = "provider";
    /** The code could not be exchanged, or the ID token failed its checks (signature, issuer, audience, nonce). */
    static final String TOKEN = "token";
    /** No account for this identity, and its e-mail domain may not create one. */
    static final String DOMAIN = "domain";
    static final String DISABLED = "disabled";
    /** The invite link the sign-in started from is unknown, used or expired. */
    static final String INVITE = "invite";
    /** The provider could not be reached (discovery or keys). */
    static final String UNAVAILABLE = "unavailable";
    /** This Poco does not run with POCO_AUTH_MODE=oidc. */
    static final String OFF = "off";

    private final String reason;

    OidcRefused(ErrorCode code, String reason, String message) {
        super(code, message, Map.of("reason", reason));
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
