package dev.poco.server.accounts;

import dev.poco.server.auth.AccountSessions;
import dev.poco.server.auth.Caller;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The identity filter's lookup of {@code poco_session} cookies. */
@Component
class AccountSessionResolver implements AccountSessions {

    private static final Logger log = LoggerFactory.getLogger(AccountSessionResolver.class);

    private final AccountService accounts;

    AccountSessionResolver(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public Optional<Caller> resolve(String token) {
        Optional<Caller> caller = accounts.callerOf(token);
        if (caller.isEmpty()) {
            // the token itself is a secret: only say that one was refused
            log.info("Refused a {} cookie: unknown, tampered with, expired, or of a disabled user", COOKIE);
        }
        return caller;
    }

    @Override
    public Optional<Caller> account(String userId) {
        return accounts.activeCaller(userId);
    }
}
