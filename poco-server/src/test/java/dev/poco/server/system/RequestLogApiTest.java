package dev.poco.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.poco.server.support.ApiTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The request log: users' calls at INFO, the runner's routine calls (claim long-polls, heartbeats,
 * callbacks) below INFO so an idle Poco does not log a claim line every 25 s, and their failures
 * still at WARN.
 */
class RequestLogApiTest extends ApiTest {

    private final Logger requestLog = (Logger) LoggerFactory.getLogger("http_request");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        requestLog.addAppender(lines);
    }

    @AfterEach
    void release() {
        requestLog.detachAppender(lines);
    }

    @Test
    void runnerCallsAreNotLoggedAtInfoButUserCallsAre() {
        Map<String, Object> claim = Map.of("worker_id", "w", "schedule_modes", List.of("nothing-" + UUID.randomUUID()));
        runner.post("/api/v1/runs/claim", claim).ok();
        alice.get("/api/v1/sessions").ok();

        // the line is written after the response went out
        await().atMost(Duration.ofSeconds(5)).until(() -> infoOrAbove("/api/v1/sessions").size() == 1);
        assertThat(infoOrAbove("/api/v1/runs/")).isEmpty();
    }

    @Test
    void aRefusedRunnerCallIsStillAWarning() {
        anonymous.post("/api/v1/runs/claim", Map.of("worker_id", "w")).error(403, 40300);

        await().atMost(Duration.ofSeconds(5)).until(() -> !infoOrAbove("/api/v1/runs/claim").isEmpty());
        assertThat(infoOrAbove("/api/v1/runs/claim")).singleElement()
                .satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
    }

    @Test
    void onlyTheRunnersEndpointsCountAsRunnerTraffic() {
        assertThat(RequestLogFilter.isRunnerTraffic("/api/v1/runs/claim")).isTrue();
        assertThat(RequestLogFilter.isRunnerTraffic("/api/v1/runs/" + UUID.randomUUID() + "/heartbeat")).isTrue();
        assertThat(RequestLogFilter.isRunnerTraffic("/api/v1/callback")).isTrue();
        assertThat(RequestLogFilter.isRunnerTraffic("/api/v1/callbacks")).isTrue();
        assertThat(RequestLogFilter.isRunnerTraffic("/api/v1/internal/runs/claims")).isTrue();
        assertThat(RequestLogFilter.isRunnerTraffic("/api/v1/internal/skill-config/resolve")).isTrue();
        assertThat(RequestLogFilter.isRunnerTraffic("/api/v1/internal/sessions/" + UUID.randomUUID()
                + "/workspace/export/archive")).isTrue();
        // an operator's calls on the internal API stay visible
        assertThat(RequestLogFilter.isRunnerTraffic("/api/v1/internal/system-env-vars")).isFalse();
        // what the web UI asks about runs stays visible
        assertThat(RequestLogFilter.isRunnerTraffic("/api/v1/runs/" + UUID.randomUUID())).isFalse();
        assertThat(RequestLogFilter.isRunnerTraffic("/api/v1/runs/session/" + UUID.randomUUID())).isFalse();
        assertThat(RequestLogFilter.isRunnerTraffic("/api/v1/sessions")).isFalse();
    }

    private List<ILoggingEvent> infoOrAbove(String pathPrefix) {
        List<ILoggingEvent> copy;
        synchronized (lines) { // AppenderBase appends under this lock
            copy = List.copyOf(lines.list);
        }
        return copy.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .filter(e -> e.getFormattedMessage().contains("path=\"" + pathPrefix))
                .toList();
    }
}
