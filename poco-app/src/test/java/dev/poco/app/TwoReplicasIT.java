package dev.poco.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.app.support.FailoverProxy;
import dev.poco.app.support.PocoProcess;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.db.TestDatabase;
import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.SseClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two server replicas on one database (issue 18, part 2), as separate processes of the packaged jar, started
 * together (Flyway migrates once), with one runner behind a load balancer. A task is created through replica A while
 * a browser streams the session from replica B; A is killed (SIGKILL) in the middle of the run. The runner's next
 * calls reach B through the balancer, the run finishes, and B's live stream delivered every stored event: the
 * same ids, in the same order, as a replay from the start.
 */
class TwoReplicasIT {

    private static final String TOKEN = "two-replicas-token";
    private static final String ANSWER = "Finished after replica A went away.";

    @TempDir
    Path homeA;

    @TempDir
    Path homeB;

    @TempDir
    Path runnerHome;

    @Test
    void aReplicaDiesMidRunAndTheOtherCarriesTheRunAndTheStreamWithNothingLost() throws Exception {
        String database = TestDatabase.freshDatabase("poco_replicas");
        CountDownLatch aIsGone = new CountDownLatch(1);
        try (FakeAnthropicServer model = ServerModelCalls.answerAside(new FakeAnthropicServer().start())) {
            model.enqueue(Reply.bash("echo before > before.txt", "first step"));
            model.enqueue(request -> {
                try {
                    aIsGone.await(3, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Reply.bash("echo after > after.txt", "second step");
            });
            model.enqueue(Reply.text(ANSWER));
            Map<String, String> serverEnv = Map.of("POCO_ROLE", "server", "DATABASE_URL", database,
                    "INTERNAL_API_TOKEN", TOKEN, "POCO_RUNS_HEARTBEAT_TIMEOUT_SECONDS", "60");
            int portA = PocoProcess.freePort();
            int portB = PocoProcess.freePort();
            CompletableFuture<PocoProcess> startingA = CompletableFuture.supplyAsync(() -> start(homeA, portA,
                    serverEnv));
            CompletableFuture<PocoProcess> startingB = CompletableFuture.supplyAsync(() -> start(homeB, portB,
                    serverEnv));
            try (PocoProcess a = startingA.join(); PocoProcess b = startingB.join();
                    FailoverProxy balancer = new FailoverProxy(List.of(portA, portB))) {
                Map<String, String> runnerEnv = Map.of("POCO_ROLE", "runner", "POCO_SERVER_URL", balancer.base(),
                        "INTERNAL_API_TOKEN", TOKEN, "ANTHROPIC_BASE_URL", model.baseUrl(),
                        "ANTHROPIC_API_KEY", "replica-test-key", "POCO_CLAUDE_BIN", PocoProcess.claudeBinary());
                try (PocoProcess runner = PocoProcess.startUntil(PocoProcess.jarCommand(), runnerHome, runnerEnv,
                        "takes up to", Duration.ofMinutes(2))) {
                    Api viaA = new Api(a.base(), Map.of());
                    Api viaB = new Api(b.base(), Map.of());
                    JsonNode task = viaA.post("/api/v1/tasks", Map.of("prompt", "two steps, please")).ok();
                    String sessionId = task.path("session_id").asString();
                    String runId = task.path("run_id").asString();

                    List<SseClient.Event> live = new ArrayList<>();
                    try (SseClient stream = SseClient.open(b.base() + "/api/v1/sessions/" + sessionId
                            + "/events?after=0", Map.of())) {
                        assertThat(stream.status()).isEqualTo(200);
                        model.awaitMessageRequests(2, Duration.ofSeconds(120)); // the second one waits for the kill
                        await().atMost(Duration.ofSeconds(60)).until(() -> {
                            JsonNode tools = viaB.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok();
                            return tools.size() == 1 && tools.get(0).path("tool_output").isObject();
                        });

                        a.kill();
                        aIsGone.countDown();

                        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                        while (!completed(live, runId) && System.nanoTime() < deadline) {
                            SseClient.Event next = stream.next(Duration.ofSeconds(5));
                            if (next != null) {
                                live.add(next);
                            }
                        }
                    }
                    assertThat(completed(live, runId)).as("B's stream saw the run complete: %s",
                            live.stream().map(SseClient.Event::type).toList()).isTrue();
                    JsonNode run = viaB.get("/api/v1/runs/" + runId).ok();
                    assertThat(run.path("status").asString()).isEqualTo("completed");
                    JsonNode tools = viaB.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok();
                    assertThat(tools.findValuesAsString("command")).contains("echo before > before.txt",
                            "echo after > after.txt");
                    assertThat(viaB.get("/api/v1/sessions/" + sessionId + "/messages").ok().toString())
                            .contains(ANSWER);

                    List<String> streamedIds = live.stream().map(SseClient.Event::id).filter(Objects::nonNull)
                            .toList();
                    List<SseClient.Event> replayed = new ArrayList<>();
                    try (SseClient replay = SseClient.open(b.base() + "/api/v1/sessions/" + sessionId
                            + "/events?after=0", Map.of())) {
                        replayed.addAll(replay.through(Long.parseLong(streamedIds.getLast()),
                                Duration.ofSeconds(30)));
                    }
                    List<String> replayedIds = replayed.stream().map(SseClient.Event::id).filter(Objects::nonNull)
                            .toList();
                    assertThat(streamedIds).as("every stored event reached B's live stream, in order")
                            .isEqualTo(replayedIds);
                    assertThat(streamedIds).isNotEmpty();
                }
            }
        }
    }

    private static PocoProcess start(Path home, int port, Map<String, String> env) {
        try {
            return PocoProcess.start(PocoProcess.jarCommand(), home, port, env, Duration.ofMinutes(3));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean completed(List<SseClient.Event> events, String runId) {
        return events.stream().anyMatch(e -> e.type().equals("run.updated")
                && e.data().path("run_id").asString().equals(runId)
                && e.data().path("payload").path("status").asString().equals("completed"));
    }
}
