package dev.poco.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test moves by hand. */
    static final class Hand extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Hand clock = new Hand();
    private final LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofSeconds(30), clock);

    @Test
    void aUserNameIsLockedAfterTheLimitAndTheLockoutDoubles() {
        throttle.failed("alice", "10.0.0.1");
        throttle.failed("Alice", "10.0.0.2");
        assertThat(throttle.wait("alice", "10.0.0.3")).isEmpty();
        throttle.failed("ALICE ", "10.0.0.3");
        assertThat(throttle.wait("alice", "10.0.0.4")).contains(Duration.ofSeconds(30));
        clock.now = clock.now.plusSeconds(30);
        assertThat(throttle.wait("alice", "10.0.0.4")).isEmpty();
        throttle.failed("alice", "10.0.0.4");
        assertThat(throttle.wait("alice", "10.0.0.4")).contains(Duration.ofSeconds(60));
        assertThat(throttle.wait("bob", "10.0.0.9")).isEmpty();
    }

    @Test
    void theLockoutStopsGrowingAtAnHour() {
        for (int i = 0; i < 40; i++) {
            throttle.failed("carol", "10.0.1." + i);
        }
        assertThat(throttle.wait("carol", "10.0.2.1")).contains(LoginThrottle.MAX_LOCKOUT);
    }

    @Test
    void oneAddressIsLockedAfterItsOwnLimitWhateverTheUserNames() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("user" + i, "192.0.2.7");
        }
        assertThat(throttle.wait("someone-new", "192.0.2.7")).contains(Duration.ofSeconds(30));
        assertThat(throttle.wait("someone-new", "192.0.2.8")).isEmpty();
    }

    @Test
    void aSuccessClearsTheUserNamesCount() {
        throttle.failed("dave", "10.0.3.1");
        throttle.failed("dave", "10.0.3.1");
        throttle.succeeded("dave");
        throttle.failed("dave", "10.0.3.1");
        assertThat(throttle.wait("dave", "10.0.3.2")).isEmpty();
    }
}
