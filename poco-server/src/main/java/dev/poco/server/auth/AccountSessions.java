package dev.poco.server.auth;

import java.util.Optional;

/**
 * Looks up the signed-in user of a {@code poco_session} cookie ({@code POCO_AUTH_MODE=password}). Implemented by the
 * accounts module, so that this package does not depend on it.
 */
public interface AccountSessions {

    /** The cookie that carries the opaque session token. */
    String COOKIE = "poco_session";

    /**
     * The caller the token stands for; empty when the token is unknown, tampered with or expired, or its user is
     * disabled. Never logs the token.
     */
    Optional<Caller> resolve(String token);

    /** The caller for an account's id (a personal API token's owner); empty when it is disabled or does not exist. */
    Optional<Caller> account(String userId);
}
