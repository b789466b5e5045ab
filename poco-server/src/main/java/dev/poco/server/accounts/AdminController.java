package dev.poco.server.accounts;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The admin's user and invite management ({@code POCO_AUTH_MODE=password}, role admin). */
@RestController
@RequestMapping("/api/v1/admin")
class AdminController {

    private final AccountService accounts;

    AdminController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/users")
    Envelope<List<UserView>> users(Caller caller) {
        return Envelope.ok(accounts.listUsers(caller));
    }

    /** Sets {@code new_password}, or a generated one returned once; the user's sessions end. */
    @PostMapping("/users/{userId}/reset-password")
    Envelope<Map<String, String>> resetPassword(Caller caller, @PathVariable String userId,
            @RequestBody(required = false) AuthRequests.ResetPassword body) {
        String chosen = body == null ? null : body.newPassword();
        String password = accounts.resetPassword(caller, userId, chosen);
        return Envelope.ok("Password reset; the user was signed out", chosen == null || chosen.isEmpty()
                ? Map.of("user_id", userId, "temporary_password", password) : Map.of("user_id", userId));
    }

    @PostMapping("/users/{userId}/disable")
    Envelope<UserView> disable(Caller caller, @PathVariable String userId) {
        return Envelope.ok("User disabled", accounts.disable(caller, userId));
    }

    @PostMapping("/users/{userId}/enable")
    Envelope<UserView> enable(Caller caller, @PathVariable String userId) {
        return Envelope.ok("User enabled", accounts.enable(caller, userId));
    }

    /** A one-time invite: {@code code} (shown once) and the path of its link. */
    @PostMapping("/invites")
    Envelope<Map<String, String>> invite(Caller caller, @RequestBody(required = false) AuthRequests.Invite body) {
        String code = accounts.createInvite(caller, body == null ? null : body.role());
        return Envelope.ok("Invite created", Map.of("code", code, "path", "/invite/" + code));
    }
}
