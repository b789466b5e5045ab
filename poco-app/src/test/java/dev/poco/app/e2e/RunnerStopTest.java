package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.ClaimedRun;
import dev.poco.runner.claim.ClaimLoop;
import dev.poco.runner.config.RunnerLauncher;
import dev.poco.runner.server.ServerClient;
import dev.poco.server.auth.RunnerToken;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.threads.ThreadDumps;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A runner that stops while the live server holds its claim long-poll: the next run goes to a
 * runner that is still there, at once, instead of to the abandoned claim (where it waited 120 s for
 * the claim's lease to expire). The embedded runner claims from this process's server over HTTP,
 * as a standalone runner on another host does.
 */
class RunnerStopTest extends EndToEndTest {

    private static final String PARKED_CLAIM = "dev.poco.server.runs.RunService.claimUpTo("; // single and batch claims
    private static final String WAITING = "dev.poco.server.common.ChangeNotifier$Watch.await(";
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Autowired
    RunnerLauncher launcher;
    @Autowired
    RunnerToken token;

    private static void awaitParkedClaim() {
        await("the runner's claim parked on the server").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50)).until(() -> ThreadDumps.threadsIn(WAITING, PARKED_CLAIM) > 0);
    }

    @Test
    void aRunnerStoppedWhileItsClaimIsParkedLeavesTheNextRunToAnotherRunner() {
        awaitParkedClaim();
        launcher.stop();
        ServerClient server = new ServerClient(URI.create("http://127.0.0.1:" + port), token.value(), JSON);
        String second = "second-runner-" + UUID.randomUUID();
        List<ClaimedRun> claimed = new CopyOnWriteArrayList<>();
        ClaimLoop other = new ClaimLoop(server, second, 120, 25, null, 1, claimed::add);
        String runId = null;
        try {
            runId = task(alice, Map.of("prompt", "Who takes this?")).path("run_id").asString();
            other.start();
            String expected = runId;
            // well within the 120 s lease the abandoned claim would have held it for
            await().atMost(Duration.ofSeconds(20)).until(() -> claimed.stream()
                    .anyMatch(c -> c.run().runId().toString().equals(expected)));
            assertThat(alice.get("/api/v1/runs/" + runId).ok().path("claimed_by").asString()).isEqualTo(second);
        } finally {
            if (runId != null && !claimed.isEmpty()) {
                // finished before the second runner stops, so its release has nothing to put back in the queue
                server.fail(UUID.fromString(runId), second, "claimed by the test's second runner only");
            }
            other.stop();
            launcher.start();
        }
    }

    @Test
    void aRunnerStoppedAndStartedAgainClaimsAndRunsTheNextTask() {
        // Spring's test context cache stops and starts the launcher with its context; the restarted runner has the
        // same worker id as the stopped one, whose claims it released
        awaitParkedClaim();
        launcher.stop();
        launcher.start();
        assertThat(launcher.isRunning()).isTrue();

        MODEL.enqueue(Reply.text("Back at work."));
        JsonNode task = task(alice, Map.of("prompt", "Are you there?"));
        JsonNode session = awaitSession(alice, task.path("session_id").asString(), "completed", "failed");
        assertThat(session.path("status").asString()).as("session %s", session).isEqualTo("completed");
    }
}
