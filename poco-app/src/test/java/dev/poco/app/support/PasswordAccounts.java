package dev.poco.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Accounts of a {@code POCO_AUTH_MODE=password} server, made the way people make them: the first admin through
 * first-run setup (once per server), members through the admin's invite links, and every client signed in through
 * {@code POST /api/v1/auth/login}, carrying the {@code poco_session} cookie it was given.
 */
public final class PasswordAccounts {

    public static final String ADMIN = "e2e-admin";
    public static final String PASSWORD = "a long e2e password";
    private static final Map<String, Api> ADMINS = new ConcurrentHashMap<>();

    /** A signed-in member: the client with its cookie, and the account's id (the owner id of what it creates). */
    public record Member(Api api, String userId, String username) {}

    private PasswordAccounts() {}

    /** The server's admin, signed in; creates it through first-run setup when the server has no user yet. */
    public static synchronized Api admin(String base) {
        return ADMINS.computeIfAbsent(base, b -> {
            Api anonymous = new Api(b, Map.of());
            if (anonymous.get("/api/v1/auth/status").ok().path("setup_required").asBoolean()) {
                anonymous.post("/api/v1/auth/setup", Map.of("username", ADMIN, "password", PASSWORD,
                        "display_name", "E2E Admin")).ok();
            }
            return signIn(b, ADMIN, PASSWORD).api();
        });
    }

    /** A new member invited by the admin, named {@code prefix-<random>}, signed in. */
    public static Member member(String base, String prefix) {
        String code = admin(base).post("/api/v1/admin/invites", Map.of("role", "member")).ok().path("code")
                .asString();
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        new Api(base, Map.of()).post("/api/v1/auth/invites/" + code + "/accept", Map.of("username", username,
                "password", PASSWORD, "display_name", prefix)).ok();
        return signIn(base, username, PASSWORD);
    }

    /** Signs in with a password; the client carries the session cookie the server set. */
    public static Member signIn(String base, String username, String password) {
        Reply login = new Api(base, Map.of()).post("/api/v1/auth/login", Map.of("username", username, "password",
                password));
        String userId = login.ok().path("user_id").asString();
        Api api = new Api(base, Map.of("Cookie", sessionCookie(login.header("Set-Cookie"))));
        return new Member(api, userId, username);
    }

    /** {@code poco_session=<token>} out of a {@code Set-Cookie} header. */
    public static String sessionCookie(@Nullable String setCookie) {
        assertThat(setCookie).as("Set-Cookie of a sign-in").startsWith("poco_session=");
        return setCookie.substring(0, setCookie.indexOf(';') < 0 ? setCookie.length() : setCookie.indexOf(';'));
    }
}
