package dev.poco.server.accounts;

import java.time.Duration;

/** Sign-in refused by {@link LoginThrottle}: answered 429 with {@code Retry-After}. */
final class TooManyAttempts extends RuntimeException {

    private final Duration retryAfter;

    TooManyAttempts(Duration retryAfter) {
        super("Too many failed sign-ins for this user name or from this address: try again in "
                + describe(retryAfter) + ". An admin can reset the password meanwhile.");
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds, rounded up, at least 1. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    private static String describe(Duration d) {
        long s = Math.max(1, (d.toMillis() + 999) / 1000);
        return s < 120 ? s + " seconds" : ((s + 59) / 60) + " minutes";
    }
}
