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
 */
final class IdentityFilter extends OncePerRequestFilter {

    static final String CALLER_ATTRIBUTE = IdentityFilter.class.getName() + ".caller";
    static final String USER_HEADER = "X-User-Id";
    static final String TOKEN_HEADER = "X-Internal-Token";
    static final String RUNNER_ROLE = "RUNNER";
    private static final int MAX_USER_ID = 255;

    private final AuthMode mode;
    private final RunnerToken runnerToken;
    private final @Nullable SessionCookies sessionCookies;

    IdentityFilter(AuthMode mode, RunnerToken runnerToken) {
        this(mode, runnerToken, null);
    }

    IdentityFilter(AuthMode mode, RunnerToken runnerToken, @Nullable SessionCookies sessionCookies) {
        this.mode = mode;
        this.runnerToken = runnerToken;
        this.sessionCookies = sessionCookies;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        @Nullable Caller caller;
        try {
            caller = mode == AuthMode.PASSWORD ? signedIn(request) : resolve(request.getHeader(USER_HEADER));
        } catch (IllegalArgumentException e) {
            SecurityResponses.write(response, HttpServletResponse.SC_BAD_REQUEST, 40000,
                    Objects.requireNonNullElse(e.getMessage(), "Bad " + USER_HEADER + " header"));
            return;
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (caller != null || mode != AuthMode.PASSWORD) {
            authorities.add(new SimpleGrantedAuthority("ROLE_USER"));
        }
        boolean runner = runnerToken.matches(presentedToken(request));
        if (caller == null && runner && mode == AuthMode.PASSWORD) {
            // a runner acts for the run's owner on the internal endpoints, naming it in X-User-Id (the token is the trust)
            try {
                caller = fromHeader(request.getHeader(USER_HEADER));
            } catch (IllegalArgumentException e) {
                SecurityResponses.write(response, HttpServletResponse.SC_BAD_REQUEST, 40000,
                        Objects.requireNonNullElse(e.getMessage(), "Bad " + USER_HEADER + " header"));
                return;
            }
            if (caller != null) {
                authorities.add(new SimpleGrantedAuthority("ROLE_USER"));
            }
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
        return sessionCookies == null ? null : sessionCookies.caller(request);
    }

    private @Nullable Caller resolve(@Nullable String header) {
        if (mode == AuthMode.SINGLE_USER) {
            return new Caller(Caller.DEFAULT_USER, true);
        }
        return fromHeader(header);
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
