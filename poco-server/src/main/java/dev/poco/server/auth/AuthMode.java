package dev.poco.server.auth;

/** How the caller's identity is established ({@code POCO_AUTH_MODE}). */
public enum AuthMode {
    /** One user, {@code default}; the server listens on the loopback interface only. */
    SINGLE_USER,
    /** poco's {@code X-User-Id} header, trusted as sent; only behind a proxy that sets it. */
    TRUSTED_HEADER
}
