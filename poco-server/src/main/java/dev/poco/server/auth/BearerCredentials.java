package dev.poco.server.auth;

import jakarta.servlet.http.HttpServletRequest;

/**
 * One kind of Poco credential sent as {@code Authorization: Bearer}, told apart by its prefix
 * ({@code poco_pat_} personal API tokens, {@code poco_runner_} registered runners). Implemented by the
 * feature that stores them; the identity filter asks the one whose {@link #prefix()} the presented
 * value starts with, on every request that carries one. Implementations block for one database
 * look-up (and, now and then, one update of a last-used time), never log the credential itself
 * (its first characters at most) and are thread-safe.
 */
public interface BearerCredentials {

    /** What every credential of this kind starts with, e.g. {@code poco_pat_}. */
    String prefix();

    /** Checks {@code credential}, which starts with {@link #prefix()}, for {@code request}. */
    BearerOutcome check(String credential, HttpServletRequest request);
}
