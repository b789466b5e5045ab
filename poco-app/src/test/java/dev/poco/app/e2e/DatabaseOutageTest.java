package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.poco.app.ServerModelCalls;
import dev.poco.app.PocoApplication;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.http.Api;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The database goes away and comes back while Poco runs (server, embedded runner, real CLI in
 * bubblewrap): health turns DOWN and API calls answer 503 "database unavailable" within seconds,
 * everything recovers without a restart (pool, LISTEN connection), and the callbacks a run sent
 * while the database was down are stored, in order, once it is back. Uses its own PostgreSQL, which
 * it stops and starts, never the shared test database.
 */
@SpringBootTest(classes = PocoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseOutageTest {

    private static final FakeAnthropicServer MODEL = new FakeAnthropicServer().start();
    private static final Duration NOTICE = Duration.ofSeconds(5);
    private static final Duration RUN = Duration.ofSeconds(90);
    private static final OutageDatabase DB = new OutageDatabase();
    private static final Path HOME = tempDir("poco-outage-home");

    @LocalServerPort
    int port;

    private Api anonymous;
    private Api alice;
    private final Logger requestLog = (Logger) LoggerFactory.getLogger("http_request");
    private final ListAppender<ILoggingEvent> requests = new ListAppender<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("poco.database.url", DB::url);
        registry.add("poco.home", HOME::toString);
        registry.add("poco.auth.mode", () -> "trusted_header");
        registry.add("poco.model.base-url", MODEL::baseUrl);
        registry.add("poco.model.api-key", () -> "sk-ant-outage-test");
        registry.add("poco.database.pool-timeout-seconds", () -> "3");
    }

    @BeforeEach
    void clients() {
        ServerModelCalls.answerAside(MODEL.reset());
        anonymous = new Api("http://127.0.0.1:" + port, Map.of());
        alice = anonymous.as("alice-" + UUID.randomUUID().toString().substring(0, 8));
        requests.start();
        requestLog.addAppender(requests);
        DB.ensureUp();
    }

    @AfterEach
    void release() {
        requestLog.detachAppender(requests);
    }

    @AfterAll
    static void stopAll() throws IOException {
        DB.stop();
        MODEL.close();
        deleteTree(DB.dataDir);
        deleteTree(HOME);
    }

    @Test
    void healthAndTheApiSayDatabaseUnavailableAndRecoverWhenItReturns() {
        alice.get("/api/v1/sessions").ok();
        assertThat(anonymous.get("/actuator/health").json().path("status").asString()).isEqualTo("UP");

        DB.stop();
        await().atMost(NOTICE).until(() -> anonymous.get("/actuator/health").status() == 503);
        assertThat(anonymous.get("/actuator/health").json().path("status").asString()).isEqualTo("DOWN");
        await().atMost(NOTICE).until(() -> alice.get("/api/v1/sessions").status() == 503);
        dev.poco.testkit.http.Reply unavailable = alice.get("/api/v1/sessions");
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.json().path("code").asInt()).isEqualTo(50101);
        assertThat(unavailable.json().path("message").asString()).startsWith("database unavailable");
        assertThat(alice.post("/api/v1/sessions", Map.of("config", Map.of())).status()).isEqualTo(503);

        DB.start();
        await().atMost(RUN).until(() -> anonymous.get("/actuator/health").status() == 200);
        String sessionId = alice.post("/api/v1/sessions", Map.of("config", Map.of())).ok()
                .path("session_id").asString();
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("session_id").asString())
                .isEqualTo(sessionId);
        // the LISTEN connection is back too (it carries queue wake-ups and live events)
        await().atMost(RUN).until(() -> DB.connections("poco-listen") == 1);
    }

    @Test
    void callbacksSentWhileTheDatabaseIsDownAreStoredInOrderWhenItReturns() {
        MODEL.enqueue(Reply.text("First line of the answer.\n\nSecond line of the answer.")
                .delayFirstByte(Duration.ofSeconds(4)));
        JsonNode task = alice.post("/api/v1/tasks", Map.of("prompt", "Say two lines")).ok();
        String sessionId = task.path("session_id").asString();
        MODEL.awaitMessageRequests(1, RUN);

        DB.stop(); // the model's answer is still on its way; the runner will report it into the outage
        await().atMost(RUN).until(() -> refusedCallbacks() > 0);

        DB.start();
        await().atMost(RUN).pollInterval(Duration.ofMillis(500)).until(() -> {
            dev.poco.testkit.http.Reply session = alice.get("/api/v1/sessions/" + sessionId);
            return session.status() == 200 && List.of("completed", "failed")
                    .contains(session.json().path("data").path("status").asString());
        });
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("status").asString()).isEqualTo("completed");
        JsonNode messages = alice.get("/api/v1/sessions/" + sessionId + "/messages").ok();
        List<String> types = messages.findValuesAsString("_type");
        assertThat(types).contains("AssistantMessage", "ResultMessage");
        assertThat(types.lastIndexOf("AssistantMessage")).isLessThan(types.lastIndexOf("ResultMessage"));
        assertThat(messages.toString()).contains("Second line of the answer.");
    }

    private long refusedCallbacks() {
        List<ILoggingEvent> copy;
        synchronized (requests) {
            copy = List.copyOf(requests.list);
        }
        return copy.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("path=\"/api/v1/callback") && m.contains("status=503"))
                .count();
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PostgreSQL of this test alone, which it stops and starts again on the same port and data. */
    static final class OutageDatabase {
        private final Path dataDir = tempDir("poco-outage-pg");
        private final int port = freePort();
        private EmbeddedPostgres postgres;

        OutageDatabase() {
            start();
        }

        String url() {
            return "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
        }

        synchronized void start() {
            if (postgres != null) {
                return;
            }
            try {
                postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                        .setPort(port).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        synchronized void stop() {
            if (postgres == null) {
                return;
            }
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            postgres = null;
        }

        void ensureUp() {
            start();
        }

        int connections(String applicationName) throws SQLException {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                    "postgres", "");
                    ResultSet rs = c.createStatement().executeQuery(
                            "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + applicationName + "'")) {
                rs.next();
                return rs.getInt(1);
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
