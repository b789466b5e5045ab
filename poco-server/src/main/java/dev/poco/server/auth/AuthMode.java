package dev.poco.server.auth;

/** How the caller's identity is established ({@code POCO_AUTH_MODE}). */
public enum AuthMode {
    /** One user, {@code default}; the server listens on the loopback interface only. */
    SINGLE_USER,
    /** poco's {@code X-User-Id} header, trusted as sent; only behind a proxy that sets it. */
    TRUSTED_HEADER,
    /** Local accounts signed in with a password; a {@code poco_session} cookie names the user. */
    PASSWORD,
    /** Accounts signed in through an OpenID Connect provider; the same {@code poco_session} cookie as password mode. */
    OIDC;

    /** Local accounts with a {@code poco_session} cookie: password and oidc modes. */
    public boolean accounts() {
        return this == PASSWORD || this == OIDC;
    }

    /** The value as written in {@code POCO_AUTH_MODE} and sent to clients. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
