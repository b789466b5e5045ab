package dev.poco.server.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.server.TestServerApplication;
import dev.poco.server.support.ApiTest;
import dev.poco.testkit.db.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dispatcher across servers and restarts (issue 14's acceptance): two servers on one database fire a due task
 * exactly once, and a fire that fell due while no server dispatched runs once when one starts. The second server is
 * a full application context of its own (own connection pool, own dispatcher) on the shared test database.
 */
class ScheduleReplicaTest extends ApiTest {

    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private ScheduledTaskService here;

    @Test
    void twoServersOnOneDatabaseFireADueTaskExactlyOnce() throws Exception {
        try (ConfigurableApplicationContext other = startServer(false);
                ExecutorService pool = Executors.newFixedThreadPool(2)) {
            ScheduledTaskService there = other.getBean(ScheduledTaskService.class);
            for (int i = 0; i < 100; i++) {
                String id = createTask();
                makeDue(id);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<DispatchResult> a = pool.submit(() -> {
                    together.await();
                    return here.dispatchDue(50);
                });
                Future<DispatchResult> b = pool.submit(() -> {
                    together.await();
                    return there.dispatchDue(50);
                });
                List<UUID> fired = new ArrayList<>(a.get().runIds());
                fired.addAll(b.get().runIds());
                List<UUID> runs = runsOf(id);
                assertThat(runs).as("runs of the task in iteration %d", i).hasSize(1);
                assertThat(fired.stream().filter(runs::contains)).as("fires reported in iteration %d", i).hasSize(1);
            }
        }
    }

    @Test
    void aFireDueWhileNoServerDispatchedRunsOnceWhenAServerStarts() {
        String id = createTask();
        // the server was down over the last hour: twelve fires of "*/5 * * * *" were missed
        makeDue(id);
        try (ConfigurableApplicationContext restarted = startServer(true)) {
            ScheduleDispatcher dispatcher = restarted.getBean(ScheduleDispatcher.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> runsOf(id).size() == 1);
            long passes = dispatcher.passes();
            await().atMost(Duration.ofSeconds(60)).until(() -> dispatcher.passes() >= passes + 3);
            assertThat(runsOf(id)).hasSize(1);
            OffsetDateTime next = jdbc.sql("SELECT next_run_at FROM agent_scheduled_tasks WHERE id = :id")
                    .param("id", UUID.fromString(id)).query(OffsetDateTime.class).single();
            assertThat(next).isAfter(OffsetDateTime.now().minusSeconds(5));
        }
    }

    private String createTask() {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Every five minutes", "cron", "*/5 * * * *",
                "prompt", "Check the build"));
        return alice.post("/api/v1/scheduled-tasks", body).ok().path("scheduled_task_id").asString();
    }

    private void makeDue(String id) {
        jdbc.sql("UPDATE agent_scheduled_tasks SET next_run_at = now() - interval '1 hour' WHERE id = :id")
                .param("id", UUID.fromString(id)).update();
    }

    private List<UUID> runsOf(String id) {
        return jdbc.sql("SELECT id FROM agent_runs WHERE scheduled_task_id = :id")
                .param("id", UUID.fromString(id)).query(UUID.class).list();
    }

    /** Another server on the same database; {@code dispatch}: its dispatcher runs every second. */
    private static ConfigurableApplicationContext startServer(boolean dispatch) {
        String home;
        try {
            home = Files.createTempDirectory("poco-replica-home").toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // command-line arguments: they take precedence over application.yml (default properties would not)
        List<String> args = List.of(
                "--server.port=0",
                "--poco.database.url=" + TestDatabase.url(),
                "--poco.home=" + home,
                "--poco.auth.mode=trusted_header",
                "--poco.auth.internal-api-token=" + RUNNER_TOKEN,
                "--poco.model.api-key=",
                "--poco.model.auth-token=",
                "--poco.schedules.enabled=" + dispatch,
                "--poco.schedules.interval-seconds=1");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TestServerApplication.class)
                .run(args.toArray(String[]::new));
        // guard: the test is only worth something when this server shares the test database and home
        assertThat(context.getEnvironment().getProperty("poco.database.url")).isEqualTo(TestDatabase.url());
        assertThat(context.getEnvironment().getProperty("poco.home")).isEqualTo(home);
        return context;
    }
}
