package dev.poco.server.tokens;

import dev.poco.server.auth.BearerCredentials;
import dev.poco.server.auth.BearerOutcome;
import dev.poco.server.auth.Credentials;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Checks {@code poco_pat_} tokens for the identity filter: malformed, unknown, revoked and expired ones are
 * refused (logged by their prefix only); a good one names its user. Its last use is written at most once a
 * minute (per server here, across servers by the update's own condition).
 */
@Component
class PersonalTokens implements BearerCredentials {

    static final Duration USE_REFRESH = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(PersonalTokens.class);

    private final ApiTokenRepository tokens;
    private final Map<UUID, Instant> recorded = new ConcurrentHashMap<>();

    PersonalTokens(ApiTokenRepository tokens) {
        this.tokens = tokens;
    }

    @Override
    public String prefix() {
        return ApiTokenService.PREFIX;
    }

    @Override
    public BearerOutcome check(String credential, HttpServletRequest request) {
        String display = Credentials.display(credential, ApiTokenService.PREFIX);
        if (!Credentials.wellFormed(credential, ApiTokenService.PREFIX)) {
            log.info("Refused a malformed API token {}… ({} {})", display, request.getMethod(), request.getRequestURI());
            return new BearerOutcome.Refused("Malformed API token: a Poco API token is poco_pat_ followed by "
                    + Credentials.RANDOM_LENGTH + " letters and digits");
        }
        Optional<ApiToken> found = tokens.byHash(Credentials.hash(credential));
        if (found.isEmpty()) {
            log.info("Refused an unknown API token {}…", display);
            return new BearerOutcome.Refused("Unknown API token " + display + "…: it was never issued here,"
                    + " or it was deleted");
        }
        ApiToken token = found.get();
        if (token.revokedAt() != null) {
            log.info("Refused revoked API token {}… of {}", display, token.userId());
            return new BearerOutcome.Refused("The API token " + display + "… (" + token.name() + ") was revoked");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (token.expired(now)) {
            log.info("Refused expired API token {}… of {}", display, token.userId());
            return new BearerOutcome.Refused("The API token " + display + "… (" + token.name() + ") expired at "
                    + token.expiresAt() + "; create a new one");
        }
        recordUse(token, now.toInstant());
        return new BearerOutcome.UserToken(token.userId(), token.scope() == TokenScope.READ, display);
    }

    private void recordUse(ApiToken token, Instant now) {
        Instant last = recorded.get(token.id());
        if (last == null && token.lastUsedAt() != null) {
            last = token.lastUsedAt().toInstant();
        }
        if (last != null && last.plus(USE_REFRESH).isAfter(now)) {
            return;
        }
        recorded.put(token.id(), now);
        try {
            tokens.used(token.id());
        } catch (DataAccessException e) {
            log.warn("Could not record the use of API token {}…: {}", token.prefix(), e.getMessage());
        }
    }
}
