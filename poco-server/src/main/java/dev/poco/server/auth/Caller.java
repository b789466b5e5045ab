package dev.poco.server.auth;

import dev.poco.protocol.ClaimedRun;

/**
 * The user on whose behalf a request runs. Controllers take it as a method parameter; services
 * filter every query that serves a user by {@link #userId()}.
 */
public record Caller(String userId, boolean admin) {

    public static final String DEFAULT_USER = ClaimedRun.SINGLE_USER;

    /** A caller without admin rights. */
    public Caller(String userId) {
        this(userId, false);
    }

    public boolean owns(String ownerId) {
        return userId.equals(ownerId);
    }
}
