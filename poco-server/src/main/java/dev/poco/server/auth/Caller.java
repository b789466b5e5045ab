package dev.poco.server.auth;

import dev.poco.protocol.ClaimedRun;

/**
 * The user on whose behalf a request runs. Controllers take it as a method parameter; services
 * filter every query that serves a user by {@link #userId()}.
 */
public record Caller(String userId) {

    public static final String DEFAULT_USER = ClaimedRun.SINGLE_USER;

    public boolean owns(String ownerId) {
        return userId.equals(ownerId);
    }
}
