package dev.poco.server.accounts;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.AccountSessions;
import dev.poco.server.auth.Caller;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Sign-in, sign-out, first-run setup, the signed-in user's account, and invite acceptance. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private final AccountService accounts;
    private final SessionCookieWriter cookies;

    AuthController(AccountService accounts, SessionCookieWriter cookies) {
        this.accounts = accounts;
        this.cookies = cookies;
    }

    /** Public: the mode, and whether first-run setup is open. */
    @GetMapping("/status")
    Envelope<AuthStatusView> status() {
        return Envelope.ok(accounts.status());
    }

    /** Public while there is no user: creates the first admin and signs it in. */
    @PostMapping("/setup")
    Envelope<MeView> setup(@RequestBody AuthRequests.Setup body, HttpServletRequest request,
            HttpServletResponse response) {
        NewSession s = accounts.setup(body.username(), body.password(), body.displayName(),
                request.getHeader(HttpHeaders.USER_AGENT));
        cookies.set(request, response, s.token());
        return Envelope.ok("Admin created", me(s.user()));
    }

    @PostMapping("/login")
    Envelope<MeView> login(@RequestBody AuthRequests.Login body, HttpServletRequest request,
            HttpServletResponse response) {
        NewSession s = accounts.login(body.username(), body.password(), request.getRemoteAddr(),
                request.getHeader(HttpHeaders.USER_AGENT));
        cookies.set(request, response, s.token());
        return Envelope.ok("Signed in", me(s.user()));
    }

    /** Public (a stale cookie must still be able to sign out): ends this sign-in and clears the cookie. */
    @PostMapping("/logout")
    Envelope<Map<String, Boolean>> logout(HttpServletRequest request, HttpServletResponse response) {
        accounts.logout(token(request));
        cookies.clear(request, response);
        return Envelope.ok("Signed out", Map.of("signed_out", true));
    }

    @PostMapping("/logout-all")
    Envelope<Map<String, Integer>> logoutAll(Caller caller, HttpServletRequest request, HttpServletResponse response) {
        int ended = accounts.logoutEverywhere(caller);
        cookies.clear(request, response);
        return Envelope.ok("Signed out everywhere", Map.of("sessions_ended", ended));
    }

    @GetMapping("/me")
    Envelope<MeView> me(Caller caller) {
        return Envelope.ok(accounts.me(caller));
    }

    @PatchMapping("/me")
    Envelope<MeView> updateMe(Caller caller, @RequestBody AuthRequests.Profile body) {
        return Envelope.ok("Profile updated", accounts.updateProfile(caller, body.displayName()));
    }

    @PostMapping("/password")
    Envelope<Map<String, Boolean>> changePassword(Caller caller, @RequestBody AuthRequests.PasswordChange body,
            HttpServletRequest request) {
        accounts.changePassword(caller, body.currentPassword(), body.newPassword(), token(request));
        return Envelope.ok("Password changed; other sessions were signed out", Map.of("changed", true));
    }

    /** Public: creates the invited account and signs it in. */
    @PostMapping("/invites/{code}/accept")
    Envelope<MeView> acceptInvite(@PathVariable String code, @RequestBody AuthRequests.AcceptInvite body,
            HttpServletRequest request, HttpServletResponse response) {
        NewSession s = accounts.acceptInvite(code, body.username(), body.password(), body.displayName(),
                request.getHeader(HttpHeaders.USER_AGENT));
        cookies.set(request, response, s.token());
        return Envelope.ok("Welcome", me(s.user()));
    }

    @ExceptionHandler(TooManyAttempts.class)
    ResponseEntity<Envelope<Object>> throttled(TooManyAttempts e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(new Envelope<>(42900, String.valueOf(e.getMessage()), Map.of("retry_after_seconds", e.retryAfterSeconds())));
    }

    private MeView me(User u) {
        return new MeView(u.id(), u.username(), u.displayName(), u.role().wire(), accounts.mode().wire());
    }

    private static @Nullable String token(HttpServletRequest request) {
        Cookie[] all = request.getCookies();
        if (all == null) {
            return null;
        }
        for (Cookie c : all) {
            if (AccountSessions.COOKIE.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }
}
