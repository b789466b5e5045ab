package dev.poco.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.server.TestServerApplication;
import dev.poco.testkit.db.TestDatabase;
import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POCO_AUTH_MODE=oidc} over real HTTP against a real OpenID Connect provider on a socket
 * (mock-oauth2-server, which issues the code for the subject and claims each test enqueues): a client with a cookie
 * jar follows the redirects from {@code /auth/oidc/login} through the provider back to the callback, as a browser
 * does. On a database of its own (an admin's first sign-in takes over user {@code default}'s rows).
 */
@SpringBootTest(classes = TestServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OidcModeApiTest {

    static final String ISSUER_ID = "poco-test-issuer";
    static final String CLIENT_ID = "poco-oidc-test";
    static final MockOAuth2Server PROVIDER = started();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        String db = TestDatabase.freshDatabase("poco_oidc");
        registry.add("poco.database.url", () -> db);
        registry.add("poco.home", OidcModeApiTest::home);
        registry.add("poco.auth.mode", () -> "oidc");
        registry.add("poco.auth.internal-api-token", () -> "oidc-mode-runner-token");
        registry.add("poco.model.api-key", () -> "");
        registry.add("poco.model.auth-token", () -> "");
        registry.add("poco.schedules.enabled", () -> "false");
        registry.add("poco.oidc.issuer", () -> PROVIDER.issuerUrl(ISSUER_ID).toString());
        registry.add("poco.oidc.client-id", () -> CLIENT_ID);
        registry.add("poco.oidc.client-secret", () -> "oidc-test-client-secret");
        registry.add("poco.oidc.allowed-domains", () -> "Allowed.test, @team.test");
        registry.add("poco.oidc.admin-claim", () -> "groups");
        registry.add("poco.oidc.admin-value", () -> "poco-admins");
        registry.add("poco.oidc.provider-name", () -> "Test IdP");
    }

    /** The first admin, signed in by whichever test runs first, and what user default owned before. */
    private static String firstAdmin;
    private static String defaultsProject;

    @BeforeEach
    void firstAdminOnce() {
        synchronized (OidcModeApiTest.class) {
            if (firstAdmin == null) {
                defaultsProject = jdbc.sql("INSERT INTO projects (user_id, name) VALUES ('default', 'Before OIDC')"
                        + " RETURNING id").query(UUID.class).single().toString();
                String sub = "first-admin-" + UUID.randomUUID();
                Browser admin = new Browser();
                admin.signIn(sub, Map.of("email", sub + "@allowed.test", "email_verified", true,
                        "groups", List.of("staff", "poco-admins")));
                firstAdmin = admin.api().get("/api/v1/auth/me").ok().path("user_id").asString();
            }
        }
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.shutdown();
    }

    // ---- happy paths ---------------------------------------------------------------------------

    @Test
    void statusTellsTheModeAndTheProviderName() {
        JsonNode status = anonymous().get("/api/v1/auth/status").ok();
        assertThat(status.path("auth_mode").asString()).isEqualTo("oidc");
        assertThat(status.path("oidc_provider_name").asString()).isEqualTo("Test IdP");
        assertThat(status.path("setup_required").asBoolean()).isFalse();
    }

    @Test
    void theFirstSignInOfAnAllowedDomainCreatesAMemberSignedInWithTheSessionCookie() {
        String sub = "member-" + UUID.randomUUID();
        Browser browser = new Browser();
        HttpResponse<String> end = browser.signIn(sub, Map.of("email", "Carol." + sub + "@allowed.test",
                "email_verified", true, "name", "Carol Member"));

        assertThat(end.uri().getPath()).isEqualTo("/");
        HttpCookie session = browser.cookie("poco_session");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        JsonNode me = browser.api().get("/api/v1/auth/me").ok();
        assertThat(me.path("role").asString()).isEqualTo("member");
        assertThat(me.path("auth_mode").asString()).isEqualTo("oidc");
        assertThat(me.path("display_name").asString()).isEqualTo("Carol Member");
        assertThat(me.path("username").asString()).isEqualTo("Carol." + sub + "@allowed.test");
        assertThat(jdbc.sql("SELECT user_id FROM user_identities WHERE issuer = :iss AND subject = :sub")
                .param("iss", PROVIDER.issuerUrl(ISSUER_ID).toString()).param("sub", sub).query(String.class)
                .single()).isEqualTo(me.path("user_id").asString());
        // the same cookie session as password mode: the member's own data, and signing out everywhere ends it
        assertThat(browser.api().get("/api/v1/projects").status()).isEqualTo(200);
        assertThat(browser.api().post("/api/v1/auth/logout-all", Map.of()).ok().path("sessions_ended").asInt())
                .isEqualTo(1);
        assertThat(browser.api().get("/api/v1/auth/me").status()).isEqualTo(401);
        // nothing left behind: the sign-in under way is gone
        assertThat(jdbc.sql("SELECT count(*) FROM oidc_logins WHERE expires_at > now()").query(Long.class).single())
                .isZero();
    }

    @Test
    void theSameSubjectSignsInToTheSameAccountWhateverItsEmailBecomes() {
        String sub = "same-" + UUID.randomUUID();
        Browser first = new Browser();
        first.signIn(sub, Map.of("email", sub + "@team.test", "email_verified", true));
        String id = first.api().get("/api/v1/auth/me").ok().path("user_id").asString();

        Browser second = new Browser();
        // a new address, even one of a domain that may not create accounts: the (issuer, subject) decides
        second.signIn(sub, Map.of("email", sub + "@renamed.example", "email_verified", true));
        assertThat(second.api().get("/api/v1/auth/me").ok().path("user_id").asString()).isEqualTo(id);
        assertThat(jdbc.sql("SELECT count(*) FROM user_identities WHERE user_id = :u").param("u", id)
                .query(Long.class).single()).isEqualTo(1);
        // both sign-ins are live sessions
        assertThat(first.api().get("/api/v1/auth/me").status()).isEqualTo(200);
    }

    @Test
    void theAdminClaimMakesAnAdminAndTheFirstAdminInheritsUserDefaultsData() {
        String sub = "admin-" + UUID.randomUUID();
        Browser browser = new Browser();
        browser.signIn(sub, Map.of("email", sub + "@allowed.test", "email_verified", true,
                "groups", List.of("staff", "poco-admins")));

        JsonNode me = browser.api().get("/api/v1/auth/me").ok();
        assertThat(me.path("role").asString()).isEqualTo("admin");
        assertThat(browser.api().get("/api/v1/admin/users").status()).isEqualTo(200);
        // the first admin (whichever test signed it in) took over user default's rows; later admins take nothing
        assertThat(jdbc.sql("SELECT user_id FROM projects WHERE id = CAST(:p AS uuid)").param("p", defaultsProject)
                .query(String.class).single()).isEqualTo(firstAdmin);
        assertThat(jdbc.sql("SELECT count(*) FROM projects WHERE user_id = 'default'").query(Long.class).single())
                .isZero();

        // without the claim a member stays a member
        Browser member = new Browser();
        member.signIn("plain-" + sub, Map.of("email", "plain-" + sub + "@allowed.test", "groups", List.of("staff")));
        assertThat(member.api().get("/api/v1/auth/me").ok().path("role").asString()).isEqualTo("member");
        assertThat(member.api().get("/api/v1/admin/users").status()).isEqualTo(403);
    }

    @Test
    void anInviteLetsAnIdentityOfAnyDomainJoinWithTheInvitesRole() {
        Browser admin = new Browser();
        String adminSub = "inviter-" + UUID.randomUUID();
        admin.signIn(adminSub, Map.of("email", adminSub + "@allowed.test", "groups", List.of("poco-admins")));
        String code = admin.api().post("/api/v1/admin/invites", Map.of("role", "member")).ok().path("code")
                .asString();

        String sub = "guest-" + UUID.randomUUID();
        Browser guest = new Browser();
        HttpResponse<String> end = guest.signIn("/api/v1/auth/oidc/login?invite=" + code, sub,
                Map.of("email", sub + "@outside.example", "email_verified", true));
        assertThat(end.uri().getPath()).isEqualTo("/");
        assertThat(guest.api().get("/api/v1/auth/me").ok().path("role").asString()).isEqualTo("member");

        // the invite is used up
        Browser another = new Browser();
        String other = "guest2-" + UUID.randomUUID();
        HttpResponse<String> refused = another.signIn("/api/v1/auth/oidc/login?invite=" + code, other,
                Map.of("email", other + "@outside.example"));
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(Api.JSON.readTree(refused.body()).path("data").path("reason").asString()).isEqualTo("invite");
    }

    // ---- refusals ------------------------------------------------------------------------------

    @Test
    void aDomainThatIsNotAllowedCreatesNoAccount() {
        String sub = "stranger-" + UUID.randomUUID();
        Browser api = new Browser();
        HttpResponse<String> refused = api.signIn(sub, Map.of("email", sub + "@elsewhere.example",
                "email_verified", true));
        assertThat(refused.statusCode()).isEqualTo(403);
        JsonNode body = Api.JSON.readTree(refused.body());
        assertThat(body.path("code").asInt()).isEqualTo(40300);
        assertThat(body.path("message").asString()).contains("no Poco account").contains("invite");
        assertThat(body.path("data").path("reason").asString()).isEqualTo("domain");
        assertThat(api.cookie("poco_session")).isNull();

        // a browser is sent back to the sign-in page with the reason
        Browser browser = new Browser().accepting("text/html");
        HttpResponse<String> back = browser.signIn(sub, Map.of("email", sub + "@elsewhere.example"));
        assertThat(back.uri().getPath()).isEqualTo("/");
        assertThat(back.uri().getQuery()).isEqualTo("oidc_error=domain");

        // an unverified address of an allowed domain does not count either
        Browser unverified = new Browser();
        assertThat(unverified.signIn("unverified-" + sub, Map.of("email", sub + "@allowed.test",
                "email_verified", false)).statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT count(*) FROM user_identities WHERE subject LIKE :s").param("s", "%" + sub)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aDisabledAccountIsRefused() {
        String sub = "leaver-" + UUID.randomUUID();
        Browser first = new Browser();
        first.signIn(sub, Map.of("email", sub + "@allowed.test"));
        String id = first.api().get("/api/v1/auth/me").ok().path("user_id").asString();
        jdbc.sql("UPDATE users SET disabled = true WHERE id = :id").param("id", id).update();

        Browser again = new Browser();
        HttpResponse<String> refused = again.signIn(sub, Map.of("email", sub + "@allowed.test"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(Api.JSON.readTree(refused.body()).path("data").path("reason").asString()).isEqualTo("disabled");
        assertThat(again.cookie("poco_session")).isNull();
        // and the earlier sign-in no longer works
        assertThat(first.api().get("/api/v1/auth/me").status()).isEqualTo(401);
    }

    @Test
    void aTamperedMissingOrReusedStateIsRefused() {
        Browser browser = new Browser();
        URI callback = browser.callbackFor();
        String state = query(callback, "state");
        String code = query(callback, "code");

        Reply tampered = browser.api().get("/api/v1/auth/oidc/callback?state=" + state + "x&code=" + code);
        assertThat(tampered.error(400, 40000).message()).contains("unknown, expired or already used");
        assertThat(tampered.data().path("reason").asString()).isEqualTo("state");
        assertThat(browser.api().get("/api/v1/auth/oidc/callback?code=" + code).error(400, 40000).message())
                .contains("no state");

        // the genuine callback works once
        String sub = "state-" + UUID.randomUUID();
        PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, sub, "JWT", null,
                Map.of("email", sub + "@allowed.test"), 3600));
        assertThat(browser.raw(callback).statusCode()).isEqualTo(303);
        assertThat(browser.cookie("poco_session")).isNotNull();
        Reply reused = new Browser().api().get(callback.getRawPath() + "?" + callback.getRawQuery());
        assertThat(reused.error(400, 40000).data().path("reason").asString()).isEqualTo("state");
    }

    @Test
    void aCallbackInAnotherBrowserThanTheOneThatStartedIsRefused() {
        Browser victim = new Browser();
        // an attacker's own sign-in, whose callback is pushed into the victim's browser (login CSRF)
        URI callback = new Browser().callbackFor();
        HttpResponse<String> refused = victim.raw(callback);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("another browser");
        assertThat(victim.cookie("poco_session")).isNull();
    }

    @Test
    void theProvidersErrorAndABadCodeAreRefused() {
        Browser browser = new Browser();
        URI callback = browser.callbackFor();
        Reply declined = browser.api().get("/api/v1/auth/oidc/callback?state=" + query(callback, "state")
                + "&error=access_denied&error_description=User%20said%20no");
        assertThat(declined.error(401, 40100).message()).contains("did not sign you in (access_denied)");
        assertThat(declined.data().path("reason").asString()).isEqualTo("provider");

        // the provider issues a token for a code it never issued, but without this sign-in's nonce: refused
        URI another = browser.callbackFor();
        Reply badCode = browser.api().get("/api/v1/auth/oidc/callback?state=" + query(another, "state")
                + "&code=not-a-code-the-provider-issued");
        assertThat(badCode.error(401, 40100).data().path("reason").asString()).isEqualTo("token");
        assertThat(badCode.message()).doesNotContain("not-a-code-the-provider-issued");
        assertThat(browser.cookie("poco_session")).isNull();
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefused() {
        String sub = "audience-" + UUID.randomUUID();
        PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, sub, "JWT", List.of("some-other-client"),
                Map.of("email", sub + "@allowed.test", "aud", "some-other-client"), 3600));
        Browser browser = new Browser();
        HttpResponse<String> refused = browser.follow("/api/v1/auth/oidc/login");
        assertThat(refused.statusCode()).isEqualTo(401);
        JsonNode body = Api.JSON.readTree(refused.body());
        assertThat(body.path("data").path("reason").asString()).isEqualTo("token");
        assertThat(body.path("message").asString()).contains("invalid_id_token");
        assertThat(browser.cookie("poco_session")).isNull();
    }

    @Test
    void anonymousRequestsGet401ExceptOnThePublicEndpoints() {
        Api anonymous = anonymous();
        for (String path : List.of("/api/v1/projects", "/api/v1/sessions", "/api/v1/auth/me", "/api/v1/admin/users")) {
            Reply reply = anonymous.get(path);
            assertThat(reply.error(401, 40100).message()).as(path).contains("POCO_AUTH_MODE=oidc");
        }
        assertThat(anonymous.post("/api/v1/projects", Map.of("name", "x")).status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/health").status()).isEqualTo(200);
        // password sign-in is not how this Poco signs in
        assertThat(anonymous.post("/api/v1/auth/login", Map.of("username", "a", "password", "bbbbbbbbbbbb"))
                .error(400, 40000).message()).contains("POCO_AUTH_MODE=oidc");
    }

    @Test
    void oidcModeWithoutIssuerOrClientIdDoesNotStart() {
        OidcProperties none = new OidcProperties(null, " ", null, "openid", null, null, null, null);
        assertThatThrownBy(none::requireComplete).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("POCO_AUTH_MODE=oidc needs POCO_OIDC_ISSUER")
                .hasMessageContaining("POCO_OIDC_CLIENT_ID");
        OidcProperties noClient = new OidcProperties("https://idp.example", null, null, "openid", null, null, null,
                null);
        assertThatThrownBy(noClient::requireComplete).hasMessageContaining("POCO_OIDC_CLIENT_ID")
                .hasMessageNotContaining("POCO_OIDC_ISSUER (");
        assertThat(new OidcProperties("https://idp.example", "c", null, "email  profile", " a.test, @B.test ", null,
                null, "").domains()).containsExactly("a.test", "b.test");
        assertThat(new OidcProperties("https://idp.example", "c", null, "email  profile", null, null, null, null)
                .scopeSet()).containsExactly("openid", "email", "profile");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Api anonymous() {
        return new Api("http://127.0.0.1:" + port, Map.of());
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " missing in " + uri);
    }

    /** A browser: a cookie jar, following redirects, optionally asking for HTML. */
    private final class Browser {

        private final CookieManager cookies = new CookieManager();
        private final HttpClient following = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        private final HttpClient still = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private String accept = "application/json";

        Browser accepting(String type) {
            accept = type;
            return this;
        }

        HttpResponse<String> signIn(String subject, Map<String, Object> claims) {
            return signIn("/api/v1/auth/oidc/login", subject, claims);
        }

        HttpResponse<String> signIn(String start, String subject, Map<String, Object> claims) {
            PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", null, claims, 3600));
            return follow(start);
        }

        HttpResponse<String> follow(String path) {
            return send(following, URI.create("http://127.0.0.1:" + port + path));
        }

        /**
         * Goes to the provider and stops at its redirect back: the callback URL with state and code. (The provider
         * takes the claims of the enqueued callback when the code is exchanged: enqueue them just before that.)
         */
        URI callbackFor() {
            HttpResponse<String> toProvider = raw(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/oidc/login"));
            assertThat(toProvider.statusCode()).isEqualTo(302);
            URI authorize = URI.create(toProvider.headers().firstValue("Location").orElseThrow());
            assertThat(authorize.getRawQuery()).contains("code_challenge_method=S256").contains("nonce=")
                    .contains("state=").contains("client_id=" + CLIENT_ID);
            HttpResponse<String> back = raw(authorize);
            assertThat(back.statusCode()).isEqualTo(302);
            return URI.create(back.headers().firstValue("Location").orElseThrow());
        }

        HttpResponse<String> raw(URI uri) {
            return send(still, uri);
        }

        HttpCookie cookie(String name) {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                    .filter(c -> !c.getValue().isEmpty()).findFirst().orElse(null);
        }

        /** The testkit client with this browser's cookies. */
        Api api() {
            String all = String.join("; ", cookies.getCookieStore().getCookies().stream()
                    .filter(c -> !c.getValue().isEmpty()).map(c -> c.getName() + "=" + c.getValue()).toList());
            return all.isEmpty() ? anonymous() : anonymous().withHeader("Cookie", all);
        }

        private HttpResponse<String> send(HttpClient client, URI uri) {
            try {
                return client.send(HttpRequest.newBuilder(uri).header("Accept", accept).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static MockOAuth2Server started() {
        MockOAuth2Server server = new MockOAuth2Server();
        server.start();
        return server;
    }

    private static String home() {
        try {
            return Files.createTempDirectory("poco-oidc-home").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
