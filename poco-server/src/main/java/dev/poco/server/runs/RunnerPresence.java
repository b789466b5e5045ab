package dev.poco.server.runs;

import dev.poco.server.common.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Which runners claim work, with their schedule modes ({@code runner_presence}), for {@code GET /schedules}. A claim
 * writes its runner's row at most every {@link #REFRESH} per server (claims long-poll, so a live runner is seen
 * well within it); a failure to write is logged and never fails the claim.
 */
@Component
class RunnerPresence {

    static final Duration REFRESH = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(RunnerPresence.class);

    private record Written(@Nullable List<String> modes, Instant at) {}

    private final JdbcClient jdbc;
    private final Json json;
    private final Map<String, Written> written = new ConcurrentHashMap<>();

    RunnerPresence(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The runner is claiming with these modes (null or empty: all). */
    void seen(String workerId, @Nullable List<String> modes) {
        List<String> normalised = modes == null || modes.isEmpty() ? null : List.copyOf(modes);
        Written last = written.get(workerId);
        Instant now = Instant.now();
        if (last != null && Objects.equals(last.modes(), normalised) && last.at().plus(REFRESH).isAfter(now)) {
            return;
        }
        try {
            jdbc.sql("""
                    INSERT INTO runner_presence (worker_id, schedule_modes, last_claim_at)
                    VALUES (:worker, CAST(:modes AS jsonb), now())
                    ON CONFLICT (worker_id) DO UPDATE SET schedule_modes = EXCLUDED.schedule_modes,
                                                          last_claim_at = EXCLUDED.last_claim_at""")
                    .param("worker", workerId).param("modes", json.write(normalised)).update();
            written.put(workerId, new Written(normalised, now));
        } catch (DataAccessException e) {
            log.warn("Could not record runner {} as claiming: {}", workerId, e.getMessage());
        }
    }

    /** The runner stopped claiming. */
    void gone(String workerId) {
        written.remove(workerId);
        try {
            jdbc.sql("DELETE FROM runner_presence WHERE worker_id = :worker").param("worker", workerId).update();
        } catch (DataAccessException e) {
            log.warn("Could not remove runner {} from the claiming runners: {}", workerId, e.getMessage());
        }
    }

    /** Runners that claimed within {@code within}, most recent first. */
    List<RunnerSeen> recent(Duration within) {
        return jdbc.sql("""
                SELECT worker_id, schedule_modes, last_claim_at FROM runner_presence
                WHERE last_claim_at > now() - make_interval(secs => :secs)
                ORDER BY last_claim_at DESC, worker_id LIMIT 100""")
                .param("secs", within.toSeconds())
                .query((rs, i) -> new RunnerSeen(rs.getString("worker_id"), modes(rs.getString("schedule_modes")),
                        rs.getObject("last_claim_at", OffsetDateTime.class)))
                .list();
    }

    private @Nullable List<String> modes(@Nullable String column) {
        JsonNode node = json.read(column);
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> modes = new java.util.ArrayList<>();
        for (JsonNode mode : node) {
            modes.add(mode.asString());
        }
        return List.copyOf(modes);
    }
}
