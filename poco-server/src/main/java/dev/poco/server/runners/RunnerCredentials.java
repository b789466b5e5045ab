package dev.poco.server.runners;

import dev.poco.server.auth.BearerCredentials;
import dev.poco.server.auth.BearerOutcome;
import dev.poco.server.auth.Credentials;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Checks {@code poco_runner_} credentials for the identity filter: a registered, non-revoked runner may use the
 * runner endpoints; a revoked or unknown one gets 401 with a message its log shows. Each call refreshes the
 * runner's last call (and the worker id it sends in {@code X-Poco-Worker-Id}) at most every 30 s per server.
 */
@Component
class RunnerCredentials implements BearerCredentials {

    /** The header a runner names its worker id in, so that its claims can be told apart in the list. */
    static final String WORKER_HEADER = "X-Poco-Worker-Id";
    static final Duration SEEN_REFRESH = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(RunnerCredentials.class);

    private record Seen(@Nullable String workerId, Instant at) {}

    private final RunnerRegistry registry;
    private final Map<UUID, Seen> seen = new ConcurrentHashMap<>();

    RunnerCredentials(RunnerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String prefix() {
        return RunnerRegistrationService.RUNNER_PREFIX;
    }

    @Override
    public BearerOutcome check(String credential, HttpServletRequest request) {
        String display = Credentials.display(credential, RunnerRegistrationService.RUNNER_PREFIX);
        if (!Credentials.wellFormed(credential, RunnerRegistrationService.RUNNER_PREFIX)) {
            log.info("Refused a malformed runner credential {}…", display);
            return new BearerOutcome.Refused("Malformed runner credential: it is poco_runner_ followed by "
                    + Credentials.RANDOM_LENGTH + " letters and digits");
        }
        Optional<RegisteredRunner> found = registry.runnerByHash(Credentials.hash(credential));
        if (found.isEmpty()) {
            log.info("Refused an unknown runner credential {}…", display);
            return new BearerOutcome.Refused("Unknown runner credential " + display + "…: register this runner"
                    + " again with a registration token");
        }
        RegisteredRunner runner = found.get();
        if (runner.revokedAt() != null) {
            log.info("Refused revoked runner {} ({}, {}…)", runner.name(), runner.id(), display);
            return new BearerOutcome.Refused("This runner (" + runner.name() + ") was revoked by an admin at "
                    + runner.revokedAt() + " and may no longer work for this server. To bring it back, delete its"
                    + " stored credential and register it again with a new registration token");
        }
        String worker = request.getHeader(WORKER_HEADER);
        if (worker != null) {
            worker = worker.strip();
            if (worker.isEmpty() || worker.length() > 255 || worker.chars().anyMatch(Character::isISOControl)) {
                worker = null;
            }
        }
        recordSeen(runner.id(), worker);
        return new BearerOutcome.RegisteredRunner(runner.id(), runner.name());
    }

    private void recordSeen(UUID id, @Nullable String workerId) {
        Instant now = Instant.now();
        Seen last = seen.get(id);
        if (last != null && Objects.equals(last.workerId(), workerId) && last.at().plus(SEEN_REFRESH).isAfter(now)) {
            return;
        }
        seen.put(id, new Seen(workerId, now));
        try {
            registry.seen(id, workerId);
        } catch (DataAccessException e) {
            log.warn("Could not record runner {} as seen: {}", id, e.getMessage());
        }
    }
}
