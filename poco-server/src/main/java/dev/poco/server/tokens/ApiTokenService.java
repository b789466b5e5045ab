package dev.poco.server.tokens;

import dev.poco.server.auth.Caller;
import dev.poco.server.auth.Credentials;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.NotFoundException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The caller's personal API tokens: create (shown once), list, revoke. */
@Service
public class ApiTokenService {

    static final String PREFIX = "poco_pat_";
    static final int MAX_NAME = 100;
    static final int MAX_DAYS = 3650;
    /** Live tokens one user may hold, so that a script gone wrong cannot fill the table. */
    static final int MAX_PER_USER = 100;
    private static final Logger log = LoggerFactory.getLogger(ApiTokenService.class);

    private final ApiTokenRepository tokens;

    ApiTokenService(ApiTokenRepository tokens) {
        this.tokens = tokens;
    }

    @Transactional
    CreatedApiTokenView create(Caller caller, CreateApiTokenRequest request) {
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty()) {
            throw new BadRequestException("name is required: say what the token is for, e.g. \"ci\"");
        }
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("name must be at most " + MAX_NAME + " characters, without control"
                    + " characters");
        }
        TokenScope scope = Objects.requireNonNullElse(TokenScope.parse(request.scope()), TokenScope.WRITE);
        OffsetDateTime expiresAt = null;
        if (request.expiresInDays() != null) {
            int days = request.expiresInDays();
            if (days < 1 || days > MAX_DAYS) {
                throw new BadRequestException("expires_in_days must be from 1 to " + MAX_DAYS
                        + ", or absent for a token that does not expire");
            }
            expiresAt = OffsetDateTime.now(ZoneOffset.UTC).plusDays(days);
        }
        if (tokens.ofUser(caller.userId()).size() >= MAX_PER_USER) {
            throw new BadRequestException("You have " + MAX_PER_USER + " API tokens; revoke one first");
        }
        String token = Credentials.generate(PREFIX);
        String prefix = Credentials.display(token, PREFIX);
        ApiToken row = tokens.insert(caller.userId(), name, scope, Credentials.hash(token), prefix, expiresAt);
        log.info("User {} created API token {}… ({}, scope {})", caller.userId(), prefix, name, scope.wire());
        return new CreatedApiTokenView(row.id(), row.name(), row.scope().wire(), row.prefix(), row.createdAt(),
                row.expiresAt(), token);
    }

    @Transactional(readOnly = true)
    List<ApiTokenView> list(Caller caller) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return tokens.ofUser(caller.userId()).stream().map(t -> ApiTokenView.of(t, now)).toList();
    }

    @Transactional
    void revoke(Caller caller, UUID id) {
        if (!tokens.revoke(id, caller.userId())) {
            throw new NotFoundException("API token not found: " + id);
        }
        log.info("User {} revoked API token {}", caller.userId(), id);
    }
}
