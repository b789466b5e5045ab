package dev.poco.server.accounts;

import dev.poco.server.auth.AuthMode;
import dev.poco.server.auth.AuthProperties;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.PocoException;
import dev.poco.server.conversations.UserRunCancellation;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The accounts' use cases: first-run setup, sign-in and sign-out, password changes, and the admin's user and
 * invite management. Secrets (passwords, session tokens, invite codes) are never logged.
 */
@Service
public class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{1,63}");
    private static final int MAX_DISPLAY_NAME = 100;

    private final AccountRepository accounts;
    private final Passwords passwords;
    private final DefaultUserHandover handover;
    private final UserRunCancellation runs;
    private final AccountsProperties properties;
    private final AuthMode mode;
    private final LoginThrottle throttle;
    private final TransactionTemplate tx;
    private final String oidcProviderName;

    AccountService(AccountRepository accounts, Passwords passwords, DefaultUserHandover handover,
            UserRunCancellation runs, AccountsProperties properties, AuthProperties auth, OidcProperties oidc,
            TransactionTemplate tx) {
        this.oidcProviderName = oidc.displayName();
        this.accounts = accounts;
        this.passwords = passwords;
        this.handover = handover;
        this.runs = runs;
        this.properties = properties;
        this.mode = auth.mode();
        this.tx = tx;
        this.throttle = new LoginThrottle(properties.loginMaxFailures(), properties.loginMaxFailuresPerAddress(),
                properties.loginLockout(), Clock.systemUTC());
    }

    AuthMode mode() {
        return mode;
    }

    @Transactional(readOnly = true)
    public AuthStatusView status() {
        return new AuthStatusView(mode.wire(), mode == AuthMode.PASSWORD && accounts.countUsers() == 0,
                mode == AuthMode.OIDC ? oidcProviderName : null);
    }

    @Transactional(readOnly = true)
    MeView me(Caller caller) {
        Optional<User> user = mode.accounts() ? accounts.findUser(caller.userId()) : Optional.empty();
        return user.map(u -> new MeView(u.id(), u.username(), u.displayName(), u.role().wire(), mode.wire()))
                .orElseGet(() -> new MeView(caller.userId(), null, null,
                        caller.admin() ? Role.ADMIN.wire() : Role.MEMBER.wire(), mode.wire()));
    }

    // ---- first run -----------------------------------------------------------------------------

    /**
     * Creates the first admin, only while there is no user, and hands user {@code default}'s data to it, in one
     * transaction. Works in any mode (the command line prepares a switch to password mode).
     */
    @Transactional
    public String createFirstAdmin(@Nullable String username, @Nullable String password, @Nullable String displayName) {
        String name = requireUsername(username);
        String pass = Passwords.requireAcceptable(password, "password");
        String display = displayName(displayName, name);
        accounts.lockUsers();
        if (accounts.countUsers() > 0) {
            throw new ForbiddenException(ErrorCode.OPERATION_NOT_ALLOWED,
                    "Setup is already done: an admin exists. Sign in, or ask an admin for an invite.");
        }
        User admin = accounts.insertUser(UUID.randomUUID().toString(), name, display, passwords.hash(pass),
                Role.ADMIN);
        int moved = handover.handOver(admin.id());
        log.info("First admin {} created ({} row(s) of user {} handed over)", admin.username(), moved,
                Caller.DEFAULT_USER);
        return admin.id();
    }

    /** First-run setup from the web page: the admin, signed in at once. */
    NewSession setup(@Nullable String username, @Nullable String password, @Nullable String displayName,
            @Nullable String userAgent) {
        requirePasswordMode();
        // one transaction: the admin, the handover and the first session (a self-call skips the proxy's @Transactional)
        return tx.execute(s -> openSession(accounts.findUser(createFirstAdmin(username, password, displayName))
                .orElseThrow(), userAgent));
    }

    // ---- sign-in -------------------------------------------------------------------------------

    NewSession login(@Nullable String username, @Nullable String password, String address,
            @Nullable String userAgent) {
        requirePasswordMode();
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw new BadRequestException("username and password are required");
        }
        String name = username.strip();
        throttle.wait(name, address).ifPresent(wait -> {
            log.warn("Sign-in for \"{}\" from {} refused: locked out for another {}s", abbreviate(name), address,
                    wait.toSeconds());
            throw new TooManyAttempts(wait);
        });
        Optional<User> found = name.length() > 64 ? Optional.empty() : accounts.findByUsername(name);
        boolean ok = passwords.matches(password, found.map(User::passwordHash).orElse(null));
        if (!ok || found.isEmpty()) {
            throttle.failed(name, address);
            log.warn("Failed sign-in for \"{}\" from {}: {}", abbreviate(name), address,
                    found.isEmpty() ? "unknown user name" : "wrong password");
            throw new PocoException(ErrorCode.INVALID_CREDENTIALS, "Wrong user name or password", null);
        }
        User user = found.get();
        if (user.disabled()) {
            log.warn("Sign-in for disabled user \"{}\" from {} refused", user.username(), address);
            throw new ForbiddenException(ErrorCode.FORBIDDEN, "This account is disabled: ask an admin to enable it");
        }
        throttle.succeeded(name);
        return tx.execute(s -> {
            accounts.touchLogin(user.id());
            return openSession(user, userAgent);
        });
    }

    @Transactional
    void logout(@Nullable String token) {
        if (token != null && !token.isBlank()) {
            accounts.deleteSession(Secrets.hash(token.strip()));
        }
    }

    @Transactional
    int logoutEverywhere(Caller caller) {
        requireAccounts();
        return accounts.deleteSessionsOf(caller.userId());
    }

    /** Changes the caller's password; every other sign-in of the user ends, this one stays. */
    @Transactional
    void changePassword(Caller caller, @Nullable String current, @Nullable String next, @Nullable String token) {
        requirePasswordMode();
        User user = requireUser(caller.userId());
        if (current == null || !passwords.matches(current, user.passwordHash())) {
            log.warn("Password change for \"{}\" refused: wrong current password", user.username());
            throw new PocoException(ErrorCode.INVALID_CREDENTIALS, "The current password is wrong", null);
        }
        String pass = Passwords.requireAcceptable(next, "new_password");
        accounts.setPassword(user.id(), passwords.hash(pass));
        int ended = token == null ? accounts.deleteSessionsOf(user.id())
                : accounts.deleteSessionsOfExcept(user.id(), Secrets.hash(token));
        log.info("User \"{}\" changed the password; {} other session(s) ended", user.username(), ended);
    }

    @Transactional
    MeView updateProfile(Caller caller, @Nullable String displayName) {
        requireAccounts();
        User user = requireUser(caller.userId());
        User updated = accounts.setDisplayName(user.id(), displayName(displayName, user.username()));
        return new MeView(updated.id(), updated.username(), updated.displayName(), updated.role().wire(), mode.wire());
    }

    // ---- invites -------------------------------------------------------------------------------

    /** A one-time invite code (shown once; stored hashed). */
    @Transactional
    String createInvite(Caller admin, @Nullable String role) {
        requireAdmin(admin);
        String code = Secrets.newToken();
        accounts.insertInvite(Secrets.hash(code), Role.parse(role), admin.userId(), properties.inviteTtl());
        log.info("Admin {} created an invite (role {})", admin.userId(), Role.parse(role).wire());
        return code;
    }

    NewSession acceptInvite(String code, @Nullable String username, @Nullable String password,
            @Nullable String displayName, @Nullable String userAgent) {
        requirePasswordMode();
        String name = requireUsername(username);
        String pass = Passwords.requireAcceptable(password, "password");
        String display = displayName(displayName, name);
        return tx.execute(s -> {
            Role role = code.length() > 200 ? null : accounts.lockUsableInvite(Secrets.hash(code)).orElse(null);
            if (role == null) {
                log.warn("Invite acceptance refused: unknown, used or expired code");
                throw new NotFoundException("This invite link is unknown, already used or expired: ask an admin "
                        + "for a new one");
            }
            if (accounts.usernameTaken(name)) {
                throw new ConflictException(ErrorCode.USER_ALREADY_EXISTS, "The user name \"" + name
                        + "\" is taken: choose another");
            }
            User user = accounts.insertUser(UUID.randomUUID().toString(), name, display, passwords.hash(pass),
                    role);
            accounts.markInviteUsed(Secrets.hash(code), user.id());
            log.info("User \"{}\" joined through an invite (role {})", user.username(), role.wire());
            return openSession(user, userAgent);
        });
    }

    // ---- admin ---------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    List<UserView> listUsers(Caller admin) {
        requireAdmin(admin);
        return accounts.listUsers().stream().map(UserView::of).toList();
    }

    /** Sets a new password (the given one, or a generated one that is returned); the user's sessions end. */
    @Transactional
    String resetPassword(Caller admin, String userId, @Nullable String newPassword) {
        requireAdmin(admin);
        requirePasswordMode();
        User user = requireUser(userId);
        String password = newPassword == null || newPassword.isEmpty() ? generatedPassword() : newPassword;
        Passwords.requireAcceptable(password, "new_password");
        accounts.setPassword(user.id(), passwords.hash(password));
        accounts.deleteSessionsOf(user.id());
        log.info("Admin {} reset the password of \"{}\"", admin.userId(), user.username());
        return password;
    }

    /** Disables the user: sessions dropped, queued and running tasks canceled. */
    UserView disable(Caller admin, String userId) {
        requireAdmin(admin);
        if (admin.userId().equals(userId)) {
            throw new BadRequestException("You cannot disable your own account");
        }
        User user = tx.execute(s -> {
            User u = requireUser(userId);
            User updated = accounts.setDisabled(u.id(), true);
            accounts.deleteSessionsOf(u.id());
            return updated;
        });
        int canceled = runs.cancelAll(user.id(), "the account was disabled");
        log.info("Admin {} disabled \"{}\"; {} session(s) with running tasks canceled", admin.userId(),
                user.username(), canceled);
        return UserView.of(user);
    }

    @Transactional
    UserView enable(Caller admin, String userId) {
        requireAdmin(admin);
        User user = accounts.setDisabled(requireUser(userId).id(), false);
        log.info("Admin {} enabled \"{}\"", admin.userId(), user.username());
        return UserView.of(user);
    }

    // ---- sessions ------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    Optional<Caller> activeCaller(String userId) {
        return accounts.findUser(userId).filter(u -> !u.disabled()).map(u -> new Caller(u.id(), u.admin()));
    }

    Optional<Caller> callerOf(String token) {
        return accounts.userOfSession(Secrets.hash(token)).map(u -> new Caller(u.id(), u.admin()));
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void dropExpiredSessions() {
        if (mode.accounts()) {
            int n = accounts.deleteExpiredSessions();
            if (n > 0) {
                log.debug("Dropped {} expired sign-in session(s)", n);
            }
        }
    }

    /** A new sign-in of {@code user} (the OIDC callback's, inside its transaction). */
    NewSession openSession(User user, @Nullable String userAgent) {
        String token = Secrets.newToken();
        String ua = userAgent == null ? null : userAgent.length() > 300 ? userAgent.substring(0, 300) : userAgent;
        accounts.insertSession(Secrets.hash(token), user.id(), properties.sessionTtl(), ua);
        return new NewSession(token, user);
    }

    // ---- rules ---------------------------------------------------------------------------------

    private void requirePasswordMode() {
        if (mode != AuthMode.PASSWORD) {
            throw new BadRequestException("Accounts are off: this Poco runs with POCO_AUTH_MODE=" + mode.wire()
                    + " (set POCO_AUTH_MODE=password to sign in with accounts)");
        }
    }

    /** Rights first: a non-admin learns nothing about the mode or the users (403 in every mode). */
    private void requireAdmin(Caller caller) {
        if (!caller.admin()) {
            throw new ForbiddenException("Only an admin may do this");
        }
        requireAccounts();
    }

    private void requireAccounts() {
        if (!mode.accounts()) {
            throw new BadRequestException("Accounts are off: this Poco runs with POCO_AUTH_MODE=" + mode.wire()
                    + " (set POCO_AUTH_MODE=password or oidc to sign in with accounts)");
        }
    }

    private User requireUser(String id) {
        return accounts.findUser(id).orElseThrow(() -> new PocoException(ErrorCode.USER_NOT_FOUND,
                "User not found: " + abbreviate(id), null));
    }

    private String requireUsername(@Nullable String username) {
        if (username == null || username.isBlank()) {
            throw new BadRequestException("username is required");
        }
        String name = username.strip();
        if (!USERNAME.matcher(name).matches()) {
            throw new BadRequestException("username must be 2 to 64 characters: letters, digits, '.', '_', '-' or "
                    + "'@', starting with a letter or digit");
        }
        return name;
    }

    private static String displayName(@Nullable String displayName, String username) {
        if (displayName == null || displayName.isBlank()) {
            return username;
        }
        String d = displayName.strip();
        if (d.length() > MAX_DISPLAY_NAME || d.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("display_name must be at most " + MAX_DISPLAY_NAME
                    + " characters, without control characters");
        }
        return d;
    }

    private static String generatedPassword() {
        return Secrets.newToken().substring(0, 16);
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
    }
}
