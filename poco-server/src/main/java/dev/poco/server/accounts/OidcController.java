package dev.poco.server.accounts;

import dev.poco.server.auth.HostProperties;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code POCO_AUTH_MODE=oidc}'s two public endpoints: the redirect to the provider and its callback, which sets the
 * same {@code poco_session} cookie as a password sign-in and sends the browser to {@code /}. A refused callback sends
 * a browser (a request that accepts {@code text/html}) back to {@code /?oidc_error=REASON}, which the sign-in page
 * explains; any other client gets poco's envelope with a 4xx.
 */
@RestController
@RequestMapping("/api/v1/auth/oidc")
class OidcController {

    /** Binds a sign-in to the browser that started it (HttpOnly, only sent to these two endpoints). */
    static final String BROWSER_COOKIE = "poco_oidc";
    private static final String COOKIE_PATH = "/api/v1/auth/oidc";

    private final OidcService oidc;
    private final SessionCookieWriter sessions;
    private final @Nullable String publicUrl;

    OidcController(OidcService oidc, SessionCookieWriter sessions, HostProperties hosts) {
        this.oidc = oidc;
        this.sessions = sessions;
        String url = hosts.publicUrl();
        this.publicUrl = url == null || url.isBlank() ? null : url.strip().replaceAll("/+$", "");
    }

    /** Public: redirects to the provider; {@code invite}: an invite link's code, whose role a new account gets. */
    @GetMapping("/login")
    ResponseEntity<Void> oidcLogin(@RequestParam(required = false) @Nullable String invite, HttpServletRequest request,
            HttpServletResponse response) {
        try {
            OidcService.Start start = oidc.start(redirectUri(), invite);
            response.addHeader(HttpHeaders.SET_COOKIE, browserCookie(request, start.browserValue(),
                    OidcService.LOGIN_TTL));
            return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(start.location())).build();
        } catch (OidcRefused e) {
            return backToSignIn(request, e);
        }
    }

    /** Public: the provider's redirect back; signs in and redirects to {@code /}. */
    @GetMapping("/callback")
    ResponseEntity<Void> oidcCallback(@RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String code,
            @RequestParam(required = false) @Nullable String error,
            HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, browserCookie(request, "", Duration.ZERO));
        try {
            NewSession s = oidc.finish(state, code, error, browserValue(request),
                    request.getHeader(HttpHeaders.USER_AGENT));
            sessions.set(request, response, s.token());
            return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/")).build();
        } catch (OidcRefused e) {
            return backToSignIn(request, e);
        }
    }

    /** A browser goes back to the sign-in page with the reason; an API client gets the envelope. */
    private static ResponseEntity<Void> backToSignIn(HttpServletRequest request, OidcRefused e) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || !accept.contains("text/html")) {
            throw e;
        }
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(URI.create("/?oidc_error=" + URLEncoder.encode(e.reason(), StandardCharsets.UTF_8)))
                .build();
    }

    /** Registered at the provider: {@code POCO_PUBLIC_URL}, else the URL this request came to. */
    private String redirectUri() {
        String base = publicUrl != null ? publicUrl
                : ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        return base + OidcService.CALLBACK_PATH;
    }

    private String browserCookie(HttpServletRequest request, String value, Duration maxAge) {
        return ResponseCookie.from(BROWSER_COOKIE, value)
                .httpOnly(true)
                // sent on the provider's top-level redirect back, not on other sites' requests
                .sameSite("Lax")
                .secure(request.isSecure() || (publicUrl != null && publicUrl.startsWith("https:")))
                .path(COOKIE_PATH)
                .maxAge(maxAge)
                .build().toString();
    }

    private static @Nullable String browserValue(HttpServletRequest request) {
        Cookie[] all = request.getCookies();
        if (all == null) {
            return null;
        }
        for (Cookie c : all) {
            if (BROWSER_COOKIE.equals(c.getName()) && !c.getValue().isBlank()) {
                return c.getValue();
            }
        }
        return null;
    }
}
