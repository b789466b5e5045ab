package dev.poco.server.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Resolves the {@link Caller} of every request according to the {@link AuthMode} and grants
 * {@code ROLE_RUNNER} when the request carries the runner token. The caller is stored as a request
 * attribute for {@link CallerArgumentResolver} and as the security principal. In
 * {@code trusted_header} mode a request without {@code X-User-Id} has no caller: endpoints that
 * act for a user answer 401, while runner and public endpoints still work.
 *
 * <p>A Poco credential ({@link BearerAuthentication}: a personal API token or a registered runner's
 * credential) is checked in every mode: a bad one is refused with 401 here, a token names the caller
 * (a read-only one may only GET), a runner credential grants {@code ROLE_RUNNER} like the shared token.
 *
 * <p>In {@code password} and {@code oidc} modes the caller is the signed-in user of the {@code poco_session} cookie ({@link
 * SessionCookies}) or of a personal token (a disabled user's tokens stop working, admin rights come from the account's
 * role); a request without either has no caller and no {@code ROLE_USER}. With the runner token, {@code X-User-Id}
 * names the run's owner, for whom the runner calls the internal endpoints.
 */
final class IdentityFilter extends OncePerRequestFilter {

    static final String CALLER_ATTRIBUTE = IdentityFilter.class.getName() + ".caller";
    static final String USER_HEADER = "X-User-Id";
    static final String TOKEN_HEADER = "X-Internal-Token";
    static final String RUNNER_ROLE = "RUNNER";
    /** The id of the registered runner a request came from (a {@link java.util.UUID}), when it is one. */
    public static final String RUNNER_ID_ATTRIBUTE = IdentityFilter.class.getName() + ".runner";
    private static final int MAX_USER_ID = 255;
    private static final java.util.Set<String> READS = java.util.Set.of("GET", "HEAD", "OPTIONS");

    private final AuthMode mode;
    private final RunnerToken runnerToken;
    private final BearerAuthentication bearer;
    private final AdminUsers admins;
    private final @Nullable SessionCookies sessionCookies;

    IdentityFilter(AuthMode mode, RunnerToken runnerToken, BearerAuthentication bearer, AdminUsers admins,
            @Nullable SessionCookies sessionCookies) {
        this.mode = mode;
        this.runnerToken = runnerToken;
        this.bearer = bearer;
        this.admins = admins;
        this.sessionCookies = sessionCookies;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        @Nullable Caller caller;
        try {
            caller = mode.accounts() ? signedIn(request) : resolve(request.getHeader(USER_HEADER));
        } catch (IllegalArgumentException e) {
            SecurityResponses.write(response, HttpServletResponse.SC_BAD_REQUEST, 40000,
                    Objects.requireNonNullElse(e.getMessage(), "Bad " + USER_HEADER + " header"));
            return;
        }
        boolean runner = runnerToken.matches(presentedToken(request));
        if (!runner) {
            switch (bearer.check(request)) {
                case null -> { }
                case BearerOutcome.Refused refused -> {
                    SecurityResponses.write(response, HttpServletResponse.SC_UNAUTHORIZED, 40100, refused.message());
                    return;
                }
                case BearerOutcome.UserToken token -> {
                    if (token.readOnly() && !READS.contains(request.getMethod())) {
                        SecurityResponses.write(response, HttpServletResponse.SC_FORBIDDEN, 40300, "The API token "
                                + token.display() + "… has scope read: it may only read (GET). Create a token with"
                                + " scope write to " + request.getMethod() + " " + request.getRequestURI());
                        return;
                    }
                    caller = tokenCaller(token.userId());
                    if (mode.accounts()) {
                        SignInCheck.attach(request, () -> bearer.check(request) instanceof BearerOutcome.UserToken again
                                && tokenCaller(again.userId()) != null);
                    }
                    if (caller == null) {
                        SecurityResponses.write(response, HttpServletResponse.SC_UNAUTHORIZED, 40100, "The API token "
                                + token.display() + "… belongs to a disabled or deleted account");
                        return;
                    }
                }
                case BearerOutcome.RegisteredRunner registered -> {
                    runner = true;
                    request.setAttribute(RUNNER_ID_ATTRIBUTE, registered.runnerId());
                }
            }
        }
        if (caller == null && runner && mode.accounts()) {
            // a runner acts for the run's owner on the internal endpoints, naming it in X-User-Id (the token is the trust)
            try {
                caller = fromHeader(request.getHeader(USER_HEADER));
            } catch (IllegalArgumentException e) {
                SecurityResponses.write(response, HttpServletResponse.SC_BAD_REQUEST, 40000,
                        Objects.requireNonNullElse(e.getMessage(), "Bad " + USER_HEADER + " header"));
                return;
            }
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (caller != null || !mode.accounts()) {
            authorities.add(new SimpleGrantedAuthority("ROLE_USER"));
        }
        if (runner) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + RUNNER_ROLE));
        }
        if (caller != null) {
            request.setAttribute(CALLER_ATTRIBUTE, caller);
        }
        Object principal = caller != null ? caller : runner ? "runner" : "anonymous";
        var authentication = new PreAuthenticatedAuthenticationToken(principal, null, authorities);
        SecurityContextHolder.getContext().setAuthentication(authentication);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private @Nullable Caller signedIn(HttpServletRequest request) {
        if (sessionCookies == null) {
            return null;
        }
        Caller caller = sessionCookies.caller(request);
        if (caller != null) {
            SessionCookies cookies = sessionCookies;
            SignInCheck.attach(request, () -> cookies.caller(request) != null);
        }
        return caller;
    }

    /** A personal token's user: in password mode the live account (null when disabled or gone), else by id. */
    private @Nullable Caller tokenCaller(String userId) {
        if (mode.accounts()) {
            return sessionCookies == null ? null : sessionCookies.account(userId);
        }
        return admins.caller(userId);
    }

    private @Nullable Caller resolve(@Nullable String header) {
        if (mode == AuthMode.SINGLE_USER) {
            return admins.caller(Caller.DEFAULT_USER);
        }
        Caller named = fromHeader(header);
        return named == null ? null : admins.caller(named.userId());
    }

    private static @Nullable Caller fromHeader(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String userId = header.strip();
        if (userId.length() > MAX_USER_ID) {
            throw new IllegalArgumentException("X-User-Id is longer than 255 characters");
        }
        if (userId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("X-User-Id contains control characters");
        }
        return new Caller(userId);
    }

    private static @Nullable String presentedToken(HttpServletRequest request) {
        String token = request.getHeader(TOKEN_HEADER);
        if (token != null) {
            return token;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7);
        }
        return null;
    }
}
