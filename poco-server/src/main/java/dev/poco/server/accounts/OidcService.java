package dev.poco.server.accounts;

import dev.poco.server.auth.AuthMode;
import dev.poco.server.auth.AuthProperties;
import dev.poco.server.common.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code POCO_AUTH_MODE=oidc}: sign-in through an OpenID Connect provider with the authorization code flow (state,
 * nonce and PKCE), built from Spring Security's OAuth2 client: {@link ClientRegistrations} reads the provider's
 * discovery document, and {@link OidcAuthorizationCodeAuthenticationProvider} exchanges the code and checks the ID
 * token (signature against the provider's keys, issuer, audience, expiry, nonce). The sign-in under way is kept in
 * the database ({@code oidc_logins}), not in an HTTP session, so any replica can take the callback.
 *
 * <p>Accounts are matched by (issuer, subject). A new identity signs in to: the account of the invite it started
 * from; else an unlinked account whose user name is its verified e-mail address (e.g. an admin made with
 * {@code ./poco admin create}); else a new account when its e-mail domain is in {@code POCO_OIDC_ALLOWED_DOMAINS};
 * else it is refused. {@code POCO_OIDC_ADMIN_CLAIM}/{@code VALUE} make an admin (on every sign-in: the claim
 * promotes, it never demotes an admin the admins chose). The first admin inherits user {@code default}'s data, as in
 * password mode. A disabled account is refused. Codes, states, nonces and tokens are never logged.
 */
@Service
class OidcService {

    private static final Logger log = LoggerFactory.getLogger(OidcService.class);
    static final Duration LOGIN_TTL = Duration.ofMinutes(10);
    static final String CALLBACK_PATH = "/api/v1/auth/oidc/callback";
    /** Not a bcrypt hash: an account made through OIDC has no password until an admin sets one. */
    static final String NO_PASSWORD = "!oidc";
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{1,63}");
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_PARAMETER = 2048;

    private final AuthMode mode;
    private final OidcProperties properties;
    private final OidcRepository oidc;
    private final AccountRepository accounts;
    private final AccountService service;
    private final DefaultUserHandover handover;
    private final TransactionTemplate tx;
    private final OidcAuthorizationCodeAuthenticationProvider provider =
            new OidcAuthorizationCodeAuthenticationProvider(new RestClientAuthorizationCodeTokenResponseClient(),
                    new OidcUserService());
    private volatile @Nullable ClientRegistration registration;

    OidcService(AuthProperties auth, OidcProperties properties, OidcRepository oidc, AccountRepository accounts,
            AccountService service, DefaultUserHandover handover, TransactionTemplate tx) {
        this.mode = auth.mode();
        this.properties = properties;
        this.oidc = oidc;
        this.accounts = accounts;
        this.service = service;
        this.handover = handover;
        this.tx = tx;
        if (mode == AuthMode.OIDC) {
            properties.requireComplete();
            log.info("Sign-in through OpenID Connect provider {} as client {}", properties.issuer(),
                    properties.clientId());
        }
    }

    /** Where to send the browser, and the value of the cookie that binds the sign-in to it. */
    record Start(String location, String browserValue) {}

    /** Starts a sign-in: the provider's authorization URL with a fresh state, nonce and PKCE challenge. */
    Start start(String redirectUri, @Nullable String invite) {
        requireOidc();
        if (invite != null && (invite.isBlank() || invite.length() > 200)) {
            throw new OidcRefused(ErrorCode.NOT_FOUND, OidcRefused.INVITE, "This invite link is unknown, already"
                    + " used or expired: ask an admin for a new one");
        }
        ClientRegistration reg = registration();
        String state = Secrets.newToken();
        String nonce = Secrets.newToken();
        String browser = Secrets.newToken();
        OAuth2AuthorizationRequest.Builder builder = request(reg, redirectUri, state, nonce)
                .additionalParameters(p -> p.put(OidcParameterNames.NONCE, nonceHash(nonce)));
        OAuth2AuthorizationRequestCustomizers.withPkce().accept(builder);
        OAuth2AuthorizationRequest request = builder.build();
        String verifier = Objects.requireNonNull(request.<String>getAttribute(PkceParameterNames.CODE_VERIFIER));
        oidc.insertLogin(Secrets.hash(state), new OidcRepository.PendingLogin(Secrets.hash(browser), nonce, verifier,
                redirectUri, invite == null ? null : Secrets.hash(invite.strip())), LOGIN_TTL);
        return new Start(request.getAuthorizationRequestUri(), browser);
    }

    /** The provider's callback: checks it, and signs the identity's account in (or refuses). */
    NewSession finish(@Nullable String state, @Nullable String code, @Nullable String error,
            @Nullable String browserValue, @Nullable String userAgent) {
        requireOidc();
        if (state == null || state.isBlank() || state.length() > MAX_PARAMETER) {
            log.warn("OIDC callback refused: no state");
            throw refused(OidcRefused.STATE, "The sign-in answer has no state: start the sign-in again");
        }
        OidcRepository.PendingLogin login = oidc.takeLogin(Secrets.hash(state)).orElseThrow(() -> {
            log.warn("OIDC callback refused: unknown, expired or already used state");
            return refused(OidcRefused.STATE, "This sign-in is unknown, expired or already used: start the"
                    + " sign-in again");
        });
        if (browserValue == null || browserValue.length() > MAX_PARAMETER
                || !MessageDigest.isEqual(Secrets.hash(browserValue).getBytes(StandardCharsets.US_ASCII),
                        login.browserHash().getBytes(StandardCharsets.US_ASCII))) {
            log.warn("OIDC callback refused: the state belongs to a sign-in started in another browser");
            throw refused(OidcRefused.STATE, "This sign-in was started in another browser (or its cookies were"
                    + " blocked): start the sign-in again here");
        }
        if (error != null && !error.isBlank()) {
            String safe = ERROR_CODE.matcher(error).matches() ? error : "(unreadable)";
            log.warn("OIDC sign-in refused by the provider: {}", safe);
            throw new OidcRefused(ErrorCode.UNAUTHORIZED, OidcRefused.PROVIDER, "The sign-in provider did not sign"
                    + " you in (" + safe + ")");
        }
        if (code == null || code.isBlank() || code.length() > MAX_PARAMETER) {
            log.warn("OIDC callback refused: no authorization code");
            throw new OidcRefused(ErrorCode.BAD_REQUEST, OidcRefused.PROVIDER, "The sign-in provider's answer has no"
                    + " code: start the sign-in again");
        }
        ClientRegistration reg = registration();
        OidcUser user = exchange(reg, login, state, code);
        Identity identity = Identity.of(user, admin(user.getClaims()));
        return Objects.requireNonNull(tx.execute(s -> signIn(identity, login.inviteHash(), userAgent)));
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT5M")
    void dropExpiredLogins() {
        if (mode == AuthMode.OIDC) {
            int n = oidc.deleteExpiredLogins();
            if (n > 0) {
                log.debug("Dropped {} abandoned OIDC sign-in(s)", n);
            }
        }
    }

    // ---- the provider --------------------------------------------------------------------------

    private ClientRegistration registration() {
        ClientRegistration reg = registration;
        if (reg != null) {
            return reg;
        }
        synchronized (this) {
            if (registration == null) {
                registration = discover();
            }
            return Objects.requireNonNull(registration);
        }
    }

    /** Reads the provider's discovery document; on failure nothing is kept, so the next sign-in tries again. */
    private ClientRegistration discover() {
        String issuer = Objects.requireNonNull(properties.issuer()).strip();
        try {
            ClientRegistration.Builder b = ClientRegistrations.fromOidcIssuerLocation(issuer)
                    .registrationId("poco")
                    .clientName(properties.displayName())
                    .clientId(Objects.requireNonNull(properties.clientId()).strip())
                    .scope(properties.scopeSet())
                    .redirectUri("{baseUrl}" + CALLBACK_PATH);
            String secret = properties.clientSecret();
            if (secret == null || secret.isBlank()) {
                b.clientSecret(null).clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
            } else {
                b.clientSecret(secret);
            }
            ClientRegistration reg = b.build();
            log.info("OIDC provider {} discovered (authorization endpoint {})", issuer,
                    reg.getProviderDetails().getAuthorizationUri());
            return reg;
        } catch (RuntimeException e) {
            log.warn("OIDC provider {} could not be discovered: {}", issuer, e.toString());
            throw new OidcRefused(ErrorCode.EXTERNAL_SERVICE_ERROR, OidcRefused.UNAVAILABLE, "The sign-in provider "
                    + properties.displayName() + " cannot be reached: try again later, or ask an admin to check"
                    + " POCO_OIDC_ISSUER");
        }
    }

    private static OAuth2AuthorizationRequest.Builder request(ClientRegistration reg, String redirectUri,
            String state, String nonce) {
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(reg.getProviderDetails().getAuthorizationUri())
                .clientId(reg.getClientId())
                .redirectUri(redirectUri)
                .scopes(reg.getScopes())
                .state(state)
                .attributes(a -> {
                    a.put(OAuth2ParameterNames.REGISTRATION_ID, reg.getRegistrationId());
                    a.put(OidcParameterNames.NONCE, nonce);
                });
    }

    /** Exchanges the code (with the PKCE verifier) and checks the ID token, the nonce included. */
    private OidcUser exchange(ClientRegistration reg, OidcRepository.PendingLogin login, String state, String code) {
        OAuth2AuthorizationRequest request = request(reg, login.redirectUri(), state, login.nonce())
                .attributes(a -> a.put(PkceParameterNames.CODE_VERIFIER, login.codeVerifier()))
                .build();
        OAuth2AuthorizationResponse response = OAuth2AuthorizationResponse.success(code)
                .redirectUri(login.redirectUri()).state(state).build();
        try {
            var result = (OAuth2LoginAuthenticationToken) provider.authenticate(
                    new OAuth2LoginAuthenticationToken(reg, new OAuth2AuthorizationExchange(request, response)));
            return (OidcUser) Objects.requireNonNull(result).getPrincipal();
        } catch (OAuth2AuthenticationException e) {
            log.warn("OIDC sign-in refused: {}: {}", e.getError().getErrorCode(),
                    abbreviate(Objects.requireNonNullElse(e.getError().getDescription(), "")));
            throw new OidcRefused(ErrorCode.UNAUTHORIZED, OidcRefused.TOKEN, "The sign-in provider's answer could"
                    + " not be verified (" + e.getError().getErrorCode() + "): start the sign-in again");
        } catch (RuntimeException e) {
            log.warn("OIDC sign-in failed talking to the provider: {}", abbreviate(e.toString()));
            throw new OidcRefused(ErrorCode.UNAUTHORIZED, OidcRefused.TOKEN, "The sign-in provider's answer could"
                    + " not be verified: start the sign-in again");
        }
    }

    // ---- the account ---------------------------------------------------------------------------

    /** What Poco takes from the provider's answer. */
    record Identity(String issuer, String subject, @Nullable String email, @Nullable Boolean emailVerified,
            @Nullable String name, @Nullable String preferredUsername, boolean admin) {

        static Identity of(OidcUser user, boolean admin) {
            return new Identity(Objects.requireNonNull(user.getIdToken().getIssuer()).toString(),
                    Objects.requireNonNull(user.getSubject()), user.getEmail(), user.getEmailVerified(),
                    user.getFullName(), user.getPreferredUsername(), admin);
        }

        String who() {
            return (email == null ? "(no e-mail)" : abbreviate(email)) + " [" + abbreviate(subject) + " at " + issuer
                    + "]";
        }
    }

    private NewSession signIn(Identity id, @Nullable String inviteHash, @Nullable String userAgent) {
        User user;
        Optional<String> linked = oidc.userOfIdentity(id.issuer(), id.subject());
        if (linked.isPresent()) {
            user = requireEnabled(accounts.findUser(linked.get()).orElseThrow(), id);
            oidc.touch(id.issuer(), id.subject(), id.email());
        } else if (inviteHash != null) {
            Role role = accounts.lockUsableInvite(inviteHash).orElseThrow(() -> {
                log.warn("OIDC sign-in of {} refused: unknown, used or expired invite", id.who());
                return new OidcRefused(ErrorCode.NOT_FOUND, OidcRefused.INVITE, "This invite link is unknown,"
                        + " already used or expired: ask an admin for a new one");
            });
            user = create(id, id.admin() ? Role.ADMIN : role);
            accounts.markInviteUsed(inviteHash, user.id());
            log.info("User \"{}\" joined through an invite by signing in with {}", user.username(), id.who());
        } else {
            Optional<User> existing = Boolean.TRUE.equals(id.emailVerified()) && id.email() != null
                    ? accounts.findByUsername(id.email()).filter(u -> !oidc.hasIdentity(u.id(), id.issuer()))
                    : Optional.empty();
            if (existing.isPresent()) {
                user = requireEnabled(existing.get(), id);
                oidc.link(id.issuer(), id.subject(), user.id(), id.email());
                log.info("Account \"{}\" linked to {} (its user name is the verified e-mail address)",
                        user.username(), id.who());
            } else if (domainAllowed(id)) {
                user = create(id, id.admin() ? Role.ADMIN : Role.MEMBER);
                log.info("User \"{}\" ({}) created on the first sign-in of {}", user.username(), user.role().wire(),
                        id.who());
            } else {
                log.warn("OIDC sign-in of {} refused: no account, and its e-mail domain is not in"
                        + " POCO_OIDC_ALLOWED_DOMAINS", id.who());
                throw new OidcRefused(ErrorCode.FORBIDDEN, OidcRefused.DOMAIN, "There is no Poco account for "
                        + (id.email() == null ? "this sign-in" : abbreviate(id.email())) + ", and it may not create"
                        + " one: ask an admin for an invite");
            }
        }
        if (id.admin() && !user.admin()) {
            oidc.setRole(user.id(), Role.ADMIN);
            handOverIfFirstAdmin(user.id());
            log.info("User \"{}\" is an admin now (claim {})", user.username(), properties.adminClaim());
            user = accounts.findUser(user.id()).orElseThrow();
        }
        accounts.touchLogin(user.id());
        return service.openSession(user, userAgent);
    }

    private User requireEnabled(User user, Identity id) {
        if (user.disabled()) {
            log.warn("OIDC sign-in of {} to disabled account \"{}\" refused", id.who(), user.username());
            throw new OidcRefused(ErrorCode.FORBIDDEN, OidcRefused.DISABLED, "This account is disabled: ask an admin"
                    + " to enable it");
        }
        return user;
    }

    private User create(Identity id, Role role) {
        User user = accounts.insertUser(UUID.randomUUID().toString(), username(id), displayName(id), NO_PASSWORD,
                role);
        oidc.link(id.issuer(), id.subject(), user.id(), id.email());
        if (role == Role.ADMIN) {
            handOverIfFirstAdmin(user.id());
        }
        return user;
    }

    /** The first admin inherits user {@code default}'s data, as in password mode's first-run setup. */
    private void handOverIfFirstAdmin(String userId) {
        accounts.lockUsers();
        if (accounts.countActiveAdmins() == 1) {
            int moved = handover.handOver(userId);
            log.info("First admin: {} row(s) of user default handed over", moved);
        }
    }

    private boolean domainAllowed(Identity id) {
        String email = id.email();
        if (email == null || Boolean.FALSE.equals(id.emailVerified())) {
            return false;
        }
        int at = email.lastIndexOf('@');
        String domain = at < 0 ? "" : email.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        return !domain.isEmpty() && properties.domains().contains(domain);
    }

    /** The e-mail address, else the preferred user name, else "user"; made unique with a suffix. */
    private String username(Identity id) {
        List<String> candidates = new ArrayList<>();
        if (id.email() != null) {
            candidates.add(id.email());
        }
        if (id.preferredUsername() != null) {
            candidates.add(id.preferredUsername());
        }
        candidates.add("user");
        String base = candidates.stream().map(OidcService::cleanUsername).filter(u -> USERNAME.matcher(u).matches())
                .findFirst().orElse("user");
        if (!accounts.usernameTaken(base)) {
            return base;
        }
        for (int i = 2; i < 100; i++) {
            String next = (base.length() > 58 ? base.substring(0, 58) : base) + "-" + i;
            if (!accounts.usernameTaken(next)) {
                return next;
            }
        }
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String cleanUsername(String s) {
        String clean = s.strip().replaceAll("[^A-Za-z0-9._@-]", "-");
        return clean.length() > 64 ? clean.substring(0, 64) : clean;
    }

    private static String displayName(Identity id) {
        String name = id.name() != null && !id.name().isBlank() ? id.name()
                : id.preferredUsername() != null && !id.preferredUsername().isBlank() ? id.preferredUsername()
                : id.email() != null ? id.email() : "User";
        String clean = name.strip().replaceAll("\\p{Cntrl}", " ");
        return clean.length() > 100 ? clean.substring(0, 100) : clean;
    }

    /**
     * Whether the claims make an admin: {@code POCO_OIDC_ADMIN_CLAIM} (a dotted path reaches into objects, e.g.
     * {@code realm_access.roles}) is a list containing {@code POCO_OIDC_ADMIN_VALUE}, or a string equal to it (or
     * naming it among space- or comma-separated values), or, without a value, {@code true}.
     */
    boolean admin(Map<String, Object> claims) {
        String claim = properties.adminClaim();
        if (claim == null || claim.isBlank()) {
            return false;
        }
        Object value = claims;
        for (String part : claim.strip().split("\\.")) {
            value = value instanceof Map<?, ?> m ? m.get(part) : null;
        }
        String wanted = properties.adminValue() == null || properties.adminValue().isBlank() ? null
                : properties.adminValue().strip();
        return switch (value) {
            case null -> false;
            case Collection<?> c -> wanted != null && c.stream().anyMatch(v -> wanted.equals(String.valueOf(v)));
            case Boolean b -> wanted == null ? b : wanted.equalsIgnoreCase(b.toString());
            default -> wanted == null ? "true".equalsIgnoreCase(value.toString())
                    : List.of(value.toString().strip().split("[\\s,]+")).contains(wanted);
        };
    }

    // ---- rules ---------------------------------------------------------------------------------

    private void requireOidc() {
        if (mode != AuthMode.OIDC) {
            throw new OidcRefused(ErrorCode.BAD_REQUEST, OidcRefused.OFF, "Sign-in through OpenID Connect is off:"
                    + " this Poco runs with POCO_AUTH_MODE=" + mode.wire());
        }
    }

    private static OidcRefused refused(String reason, String message) {
        return new OidcRefused(ErrorCode.BAD_REQUEST, reason, message);
    }

    /** The nonce sent to the provider: SHA-256 of the stored one, base64url (what Spring's provider checks). */
    static String nonceHash(String nonce) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(nonce.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }
}
