package dev.poco.server.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code maxFailures} wrong passwords in a row for one user name (or
 * {@code maxPerAddress} from one client address), further attempts are refused for the lockout, doubled on every
 * further failure up to an hour. A correct password clears the user name's count. Kept in memory: a restart forgets
 * it, and each replica counts on its own, which still caps guessing at a few tries per minute.
 */
final class LoginThrottle {

    static final Duration MAX_LOCKOUT = Duration.ofHours(1);
    private static final int MAX_ENTRIES = 50_000;

    private final int maxFailures;
    private final int maxPerAddress;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private record Bucket(int failures, Instant lockedUntil, Instant last) {}

    LoginThrottle(int maxFailures, int maxPerAddress, Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.maxPerAddress = maxPerAddress;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** How long the user name or the address must still wait; empty when it may try now. */
    Optional<Duration> wait(String username, String address) {
        Instant now = clock.instant();
        Instant until = later(lockedUntil(userKey(username)), lockedUntil(addressKey(address)));
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    void failed(String username, String address) {
        count(userKey(username), maxFailures);
        count(addressKey(address), maxPerAddress);
    }

    void succeeded(String username) {
        buckets.remove(userKey(username));
    }

    private void count(String key, int max) {
        Instant now = clock.instant();
        if (buckets.size() > MAX_ENTRIES) {
            buckets.values().removeIf(b -> b.lockedUntil().isBefore(now) && b.last().isBefore(now.minus(MAX_LOCKOUT)));
        }
        buckets.compute(key, (k, b) -> {
            int failures = (b == null ? 0 : b.failures()) + 1;
            Instant until = b == null ? Instant.EPOCH : b.lockedUntil();
            if (failures >= max) {
                int doublings = Math.min(failures - max, 20);
                Duration wait = lockout.multipliedBy(1L << doublings);
                until = now.plus(wait.compareTo(MAX_LOCKOUT) > 0 ? MAX_LOCKOUT : wait);
            }
            return new Bucket(failures, until, now);
        });
    }

    private Instant lockedUntil(String key) {
        Bucket b = buckets.get(key);
        return b == null ? Instant.EPOCH : b.lockedUntil();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String userKey(String username) {
        return "u:" + username.strip().toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
