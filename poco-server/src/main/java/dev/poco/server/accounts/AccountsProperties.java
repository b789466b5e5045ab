package dev.poco.server.accounts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Accounts ({@code POCO_AUTH_MODE=password}): how long a sign-in lasts ({@code POCO_SESSION_TTL}), how many wrong
 * passwords in a row a user name ({@code POCO_LOGIN_MAX_FAILURES}) or one client address
 * ({@code POCO_LOGIN_MAX_FAILURES_PER_ADDRESS}, higher: an office behind one NAT shares it) may send before it is
 * locked out,
 * the first lockout ({@code POCO_LOGIN_LOCKOUT}, doubled on every further failure up to an hour) and how long an
 * invite link stays valid ({@code POCO_INVITE_TTL}).
 */
@ConfigurationProperties("poco.accounts")
public record AccountsProperties(
        @DefaultValue("14d") Duration sessionTtl,
        @DefaultValue("5") int loginMaxFailures,
        @DefaultValue("20") int loginMaxFailuresPerAddress,
        @DefaultValue("30s") Duration loginLockout,
        @DefaultValue("7d") Duration inviteTtl) {

    public AccountsProperties {
        if (sessionTtl.isNegative() || sessionTtl.isZero()) {
            throw new IllegalArgumentException("POCO_SESSION_TTL must be positive, e.g. 14d or 12h");
        }
        if (loginMaxFailures < 1 || loginMaxFailuresPerAddress < 1) {
            throw new IllegalArgumentException("POCO_LOGIN_MAX_FAILURES and POCO_LOGIN_MAX_FAILURES_PER_ADDRESS must be at least 1");
        }
        if (inviteTtl.isNegative() || inviteTtl.isZero()) {
            throw new IllegalArgumentException("POCO_INVITE_TTL must be positive, e.g. 7d");
        }
    }
}
