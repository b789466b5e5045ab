package dev.poco.server.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code POCO_AUTH_MODE=password} or {@code oidc}: every API request without a signed-in user (or the runner token) is answered 401,
 * except the explicit public list: health, the sign-in endpoints (status, first-run setup, login, logout, invite
 * acceptance, the OIDC redirect and callback) and webhooks that carry their own secret. The web UI's static assets are not under {@code /api} and
 * stay public. A cookie that named no live session gets "signed out" (and is cleared), not "sign in".
 */
final class SignInFilter extends OncePerRequestFilter {

    private final AuthMode mode;

    SignInFilter(AuthMode mode) {
        this.mode = mode;
    }

    static final RequestMatcher PUBLIC = new OrRequestMatcher(List.of(
            get("/api/v1/health"),
            get("/api/v1/auth/status"),
            post("/api/v1/auth/setup"),
            post("/api/v1/auth/login"),
            post("/api/v1/auth/logout"),
            post("/api/v1/auth/invites/*/accept"),
            get("/api/v1/auth/oidc/login"),
            get("/api/v1/auth/oidc/callback"),
            post("/api/v1/webhooks/**")));

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!request.getRequestURI().startsWith("/api/") || PUBLIC.matches(request)
                || request.getAttribute(IdentityFilter.CALLER_ATTRIBUTE) != null || runner()) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getAttribute(SessionCookies.REJECTED_ATTRIBUTE) != null) {
            response.addHeader("Set-Cookie", AccountSessions.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
            SecurityResponses.write(response, HttpServletResponse.SC_UNAUTHORIZED, 40100,
                    "You were signed out: your session expired or is no longer valid. Sign in again.");
            return;
        }
        SecurityResponses.write(response, HttpServletResponse.SC_UNAUTHORIZED, 40100,
                mode == AuthMode.OIDC
                        ? "Sign in first: this Poco uses POCO_AUTH_MODE=oidc (GET /api/v1/auth/oidc/login in a browser)"
                        : "Sign in first: this Poco uses POCO_AUTH_MODE=password (POST /api/v1/auth/login)");
    }

    private static boolean runner() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getAuthorities().stream()
                .anyMatch(a -> ("ROLE_" + IdentityFilter.RUNNER_ROLE).equals(a.getAuthority()));
    }

    private static RequestMatcher get(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, pattern);
    }

    private static RequestMatcher post(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, pattern);
    }
}
