package dev.poco.runner.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.RunDirective;
import dev.poco.protocol.RunStatus;
import dev.poco.runner.server.StandInServer.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The runner's one retry policy, against a stand-in server on a real socket. */
class ServerRetryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ServerRetry QUICK = ServerRetry.backoff(Duration.ofMillis(10), Duration.ofMillis(40));

    private final UUID runId = UUID.randomUUID();
    private final String heartbeat = "/api/v1/runs/" + runId + "/heartbeat";
    private final StandInServer server = new StandInServer();
    private final ServerClient client = new ServerClient(server.base(), "token", JSON);

    @AfterEach
    void close() {
        server.close();
    }

    private RunDirective beat() {
        return client.heartbeat(runId, "w", 60);
    }

    private void answerAfterFailures(int failures, Answer failure) {
        AtomicInteger left = new AtomicInteger(failures);
        server.on(heartbeat, r -> left.getAndDecrement() > 0 ? failure
                : Answer.ok("{\"run_id\":\"" + runId + "\",\"status\":\"running\",\"cancel_requested\":false}"));
    }

    @Test
    void retriesRetryableFailuresUntilTheServerAnswers() throws Exception {
        answerAfterFailures(3, Answer.error(503, 50300, "restarting"));
        List<ServerException> retried = new CopyOnWriteArrayList<>();

        RunDirective directive = QUICK.call(this::beat, retried::add);

        assertThat(directive.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(server.count(heartbeat)).isEqualTo(4);
        assertThat(retried).hasSize(3).allSatisfy(e -> assertThat(e.httpStatus()).isEqualTo(503));
    }

    @Test
    void retriesAServerThatCannotBeReached() throws Exception {
        answerAfterFailures(0, null);
        server.stop();
        List<ServerException> retried = new CopyOnWriteArrayList<>();
        CompletableFuture<RunDirective> call = CompletableFuture.supplyAsync(() -> {
            try {
                return QUICK.call(this::beat, retried::add);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> retried.size() >= 2);
        assertThat(retried).allSatisfy(e -> assertThat(e.httpStatus()).as("unreachable").isZero());
        server.restart();
        assertThat(call.get().status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void stopsAtOnceOnARefusal() {
        answerAfterFailures(1, Answer.error(403, 40300, "Run is claimed by another worker"));
        List<ServerException> retried = new ArrayList<>();

        assertThatThrownBy(() -> QUICK.call(this::beat, retried::add))
                .isInstanceOfSatisfying(ServerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo(40300);
                    assertThat(e.getMessage()).contains("claimed by another worker");
                });
        assertThat(server.count(heartbeat)).isEqualTo(1);
        assertThat(retried).isEmpty();
    }

    @Test
    void givesUpWithTheLastFailureOnceTheDeadlinePassed() {
        answerAfterFailures(Integer.MAX_VALUE, Answer.error(502, 50200, "bad gateway"));

        assertThatThrownBy(() -> QUICK.within(Duration.ofMillis(200)).call(this::beat))
                .isInstanceOfSatisfying(ServerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(502);
                });
        assertThat(server.count(heartbeat)).isGreaterThan(1);
    }

    @Test
    void stopsRetryingWhenItsConditionTurnsFalse() {
        answerAfterFailures(Integer.MAX_VALUE, Answer.error(503, 50300, "restarting"));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();

        assertThatThrownBy(() -> QUICK.whileTrue(running::get).call(this::beat, e -> {
            if (failures.incrementAndGet() == 2) {
                running.set(false);
            }
        })).isInstanceOf(ServerException.class);
        assertThat(server.count(heartbeat)).as("no call after the condition turned false").isEqualTo(2);
    }

    @Test
    void anInterruptWhileBackingOffEndsTheCall() throws Exception {
        answerAfterFailures(Integer.MAX_VALUE, Answer.error(503, 50300, "restarting"));
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                ServerRetry.backoff(Duration.ofSeconds(5), Duration.ofSeconds(5)).call(this::beat);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> server.count(heartbeat) >= 1);
        caller.interrupt();
        caller.join(Duration.ofSeconds(20));
        assertThat(interrupted).isTrue();
    }
}
