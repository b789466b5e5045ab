package dev.poco.server.auth;

import java.util.UUID;

/** What a {@link BearerCredentials} check found. */
public sealed interface BearerOutcome {

    /**
     * A personal API token of {@code userId}; a {@code readOnly} one may only read (GET, HEAD).
     *
     * @param display how logs and messages may name it (its prefix), never the token
     */
    record UserToken(String userId, boolean readOnly, String display) implements BearerOutcome {}

    /** A registered runner's own credential: the request may use the runner endpoints. */
    record RegisteredRunner(UUID runnerId, String name) implements BearerOutcome {}

    /** Unknown, malformed, expired or revoked: the request is refused with 401 and this message. */
    record Refused(String message) implements BearerOutcome {}
}
