package dev.poco.server.accounts;

import dev.poco.server.auth.AccountSessions;
import dev.poco.server.auth.HostProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * Writes the {@code poco_session} cookie: HttpOnly (no script reads it), SameSite=Lax (other sites' forms and
 * fetches do not carry it), Path=/, and Secure when the request came over HTTPS or POCO_PUBLIC_URL is https.
 */
@Component
class SessionCookieWriter {

    private final boolean publicHttps;
    private final Duration ttl;

    SessionCookieWriter(HostProperties hosts, AccountsProperties properties) {
        this.publicHttps = hosts.publicUrl() != null && hosts.publicUrl().strip().toLowerCase().startsWith("https:");
        this.ttl = properties.sessionTtl();
    }

    void set(HttpServletRequest request, HttpServletResponse response, String token) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, token, ttl).toString());
    }

    void clear(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, "", Duration.ZERO).toString());
    }

    private ResponseCookie cookie(HttpServletRequest request, String value, Duration maxAge) {
        return ResponseCookie.from(AccountSessions.COOKIE, value)
                .httpOnly(true)
                .sameSite("Lax")
                .secure(publicHttps || request.isSecure())
                .path("/")
                .maxAge(maxAge)
                .build();
    }
}
