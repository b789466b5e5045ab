package dev.poco.server.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The password mode's side of {@link IdentityFilter}: the caller of the request's {@code poco_session} cookie. A
 * cookie that names no live session is remembered on the request, so that the 401 can say "signed out" rather than
 * "sign in".
 */
final class SessionCookies {

    static final String REJECTED_ATTRIBUTE = SessionCookies.class.getName() + ".rejected";
    private static final int MAX_TOKEN = 200;

    private final AccountSessions sessions;

    SessionCookies(AccountSessions sessions) {
        this.sessions = sessions;
    }

    @Nullable Caller caller(HttpServletRequest request) {
        String token = token(request);
        if (token == null) {
            return null;
        }
        Caller caller = token.length() > MAX_TOKEN ? null : sessions.resolve(token).orElse(null);
        if (caller == null) {
            request.setAttribute(REJECTED_ATTRIBUTE, Boolean.TRUE);
        }
        return caller;
    }

    /** An active account's caller, with its role; null when disabled or unknown. */
    @Nullable Caller account(String userId) {
        return sessions.account(userId).orElse(null);
    }

    static @Nullable String token(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (AccountSessions.COOKIE.equals(c.getName()) && c.getValue() != null && !c.getValue().isBlank()) {
                return c.getValue().strip();
            }
        }
        return null;
    }
}
