package dev.poco.server.runners;

import dev.poco.server.auth.Caller;
import dev.poco.server.auth.Credentials;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.PocoException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registration tokens, registration, the admin's list and revocation. */
@Service
class RunnerRegistrationService {

    static final String REGISTRATION_PREFIX = "poco_reg_";
    static final String RUNNER_PREFIX = "poco_runner_";
    static final int MAX_HOURS = 720;
    static final int MAX_USES = 1000;
    static final int MAX_NAME = 100;
    static final int MAX_HOST = 255;
    /** Shared-token runners are listed while they claimed within this (their presence rows outlive them). */
    static final long SHARED_WITHIN_SECONDS = 600;
    private static final Logger log = LoggerFactory.getLogger(RunnerRegistrationService.class);

    private final RunnerRegistry registry;

    RunnerRegistrationService(RunnerRegistry registry) {
        this.registry = registry;
    }

    @Transactional
    RegistrationTokenView createToken(Caller caller, CreateRegistrationTokenRequest request) {
        requireAdmin(caller);
        int hours = request.expiresInHours() == null ? 24 : request.expiresInHours();
        if (hours < 1 || hours > MAX_HOURS) {
            throw new BadRequestException("expires_in_hours must be from 1 to " + MAX_HOURS);
        }
        int uses = request.maxUses() == null ? 1 : request.maxUses();
        if (uses < 1 || uses > MAX_USES) {
            throw new BadRequestException("max_uses must be from 1 to " + MAX_USES);
        }
        String token = Credentials.generate(REGISTRATION_PREFIX);
        String prefix = Credentials.display(token, REGISTRATION_PREFIX);
        RegistrationToken row = registry.insertToken(Credentials.hash(token), prefix, caller.userId(),
                OffsetDateTime.now(ZoneOffset.UTC).plusHours(hours), uses);
        log.info("Admin {} created runner registration token {}… ({} use(s), expires {})", caller.userId(), prefix,
                uses, row.expiresAt());
        return new RegistrationTokenView(row.id(), token, prefix, row.expiresAt(), row.maxUses());
    }

    /** Trades a registration token (the raw {@code Authorization} header) for the runner's own credential. */
    @Transactional
    RunnerRegistrationView register(@Nullable String authorization, RegisterRunnerRequest request) {
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
        if (presented == null || presented.isEmpty()) {
            throw unauthorized("Registering a runner needs a registration token (poco_reg_…) as Authorization:"
                    + " Bearer; an admin creates one under Admin → Runners");
        }
        String display = Credentials.display(presented, REGISTRATION_PREFIX);
        if (!Credentials.wellFormed(presented, REGISTRATION_PREFIX)) {
            log.info("Refused a runner registration with a malformed token {}…", display);
            throw unauthorized("Malformed registration token: it is poco_reg_ followed by "
                    + Credentials.RANDOM_LENGTH + " letters and digits");
        }
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("name is required: 1 to " + MAX_NAME + " characters, e.g. the host name");
        }
        String host = request.host() == null || request.host().isBlank() ? null : request.host().strip();
        if (host != null && (host.length() > MAX_HOST || host.chars().anyMatch(Character::isISOControl))) {
            throw new BadRequestException("host must be at most " + MAX_HOST + " characters");
        }
        RegistrationToken token = registry.lockToken(Credentials.hash(presented)).orElseThrow(() -> {
            log.info("Refused a runner registration with an unknown token {}…", display);
            return unauthorized("Unknown registration token " + display + "…; ask an admin for a new one");
        });
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (token.revokedAt() != null || !token.expiresAt().isAfter(now)) {
            log.info("Refused a runner registration with expired token {}…", display);
            throw unauthorized("The registration token " + display + "… expired at " + token.expiresAt()
                    + "; ask an admin for a new one");
        }
        if (token.uses() >= token.maxUses()) {
            log.info("Refused a runner registration with used-up token {}…", display);
            throw unauthorized("The registration token " + display + "… was already used "
                    + (token.maxUses() == 1 ? "once, all it allows" : token.uses() + " times, all it allows")
                    + "; ask an admin for a new one");
        }
        registry.useToken(token.id());
        String credential = Credentials.generate(RUNNER_PREFIX);
        RegisteredRunner runner = registry.insertRunner(name, host, Credentials.hash(credential),
                Credentials.display(credential, RUNNER_PREFIX), token.id());
        log.info("Runner {} ({}) registered as {} with token {}…", name, host, runner.id(), display);
        return new RunnerRegistrationView(runner.id(), runner.name(), credential);
    }

    @Transactional(readOnly = true)
    List<RunnerView> list(Caller caller) {
        requireAdmin(caller);
        return registry.list(SHARED_WITHIN_SECONDS);
    }

    @Transactional
    void revoke(Caller caller, UUID id) {
        requireAdmin(caller);
        if (!registry.revoke(id, caller.userId())) {
            throw new NotFoundException("Runner not found: " + id);
        }
        log.info("Admin {} revoked runner {}", caller.userId(), id);
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.admin()) {
            throw new ForbiddenException("Only an admin may manage runners (with POCO_AUTH_MODE=trusted_header,"
                    + " list the user in POCO_ADMIN_USERS)");
        }
    }

    private static PocoException unauthorized(String message) {
        return new PocoException(ErrorCode.UNAUTHORIZED, message, null);
    }
}
