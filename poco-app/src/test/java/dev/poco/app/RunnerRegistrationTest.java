package dev.poco.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.ClaimedRun;
import dev.poco.runner.claim.ClaimLoop;
import dev.poco.runner.server.RunnerRegistration;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.ServerException;
import dev.poco.testkit.db.TestDatabase;
import dev.poco.testkit.http.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runner registration end to end (issue 17, part 6), with the runner's own client classes against the real server:
 * a runner process ({@code POCO_ROLE=runner}) registers with a registration token and keeps its credential; a
 * registered client claims; after the admin revokes it the server answers 401 and the claim loop stops for good.
 */
@SpringBootTest(classes = PocoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "poco.runner.enabled=false")
class RunnerRegistrationTest {

    private static final Path SERVER_HOME = tempDir("poco-registration-server");
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("poco.database.url", TestDatabase::url);
        registry.add("poco.home", SERVER_HOME::toString);
    }

    private URI server() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** single_user mode: the one user is the admin. */
    private Api admin() {
        return new Api(server().toString(), Map.of());
    }

    private String registrationToken(int uses) {
        return admin().post("/api/v1/admin/runners/registration-tokens", Map.of("max_uses", uses)).ok()
                .path("token").asString();
    }

    @Test
    void aRunnerProcessRegistersOnceAndKeepsItsCredential() throws Exception {
        Path runnerHome = tempDir("poco-registration-runner");
        String name = "e2e-runner-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = Map.of(
                "poco.home", runnerHome.toString(),
                "poco.runner.server-url", server().toString(),
                "poco.runner.registration-token", registrationToken(1),
                "poco.runner.name", name,
                "poco.runner.claim-wait-seconds", "1",
                "poco.runner.warm-pool", "0",
                "poco.runner.schedule-modes", "nothing-" + UUID.randomUUID(),
                "poco.runner.workspaces-root", runnerHome.resolve("workspaces").toString());
        try (ConfigurableApplicationContext runner = startRunner(settings)) {
            Path file = runnerHome.resolve("secrets").resolve(RunnerRegistration.CREDENTIAL_FILE);
            assertThat(Files.readString(file).strip()).startsWith("poco_runner_");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            JsonNode listed = await().atMost(Duration.ofSeconds(30)).until(() -> find(name),
                    r -> r != null && !r.path("worker_id").isNull() && !r.path("last_heartbeat_at").isNull());
            assertThat(listed.path("registered").asBoolean()).isTrue();
            assertThat(listed.toString()).doesNotContain(Files.readString(file).strip());
        }
        // started again, with its token used up: it works with the stored credential, it does not register again
        try (ConfigurableApplicationContext again = startRunner(settings)) {
            assertThat(admin().get("/api/v1/admin/runners").ok().findValues("name").stream()
                    .filter(n -> n.asString().equals(name)).count()).isEqualTo(1);
        }
    }

    @Test
    void aRegisteredRunnerClaimsUntilRevokedThenStopsClaiming() throws Exception {
        Path secrets = tempDir("poco-registration-secrets");
        RunnerRegistration registration = new RunnerRegistration(secrets, JSON);
        String token = registrationToken(1);
        String credential = registration.credential(server(), token, "client-runner", "localhost").orElseThrow();
        assertThat(credential).startsWith("poco_runner_");
        assertThat(registration.credential(server(), token, "client-runner", "localhost")).contains(credential);
        assertThatThrownBy(() -> registration.register(server(), token, "another", null))
                .isInstanceOfSatisfying(RunnerRegistration.RegistrationException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(401))
                .hasMessageContaining("already used");

        String mode = "registered-" + UUID.randomUUID();
        String worker = "worker-" + UUID.randomUUID();
        String sessionId = admin().post("/api/v1/tasks", Map.of("prompt", "hello", "schedule_mode", mode)).ok()
                .path("session_id").asString();
        ServerClient client = new ServerClient(server(), credential, JSON, worker);
        List<ClaimedRun> claimed = client.claimBatch(worker, 60, List.of(mode), 5, 1);
        assertThat(claimed).singleElement().satisfies(c -> assertThat(c.run().sessionId().toString())
                .isEqualTo(sessionId));
        client.start(claimed.getFirst().run().runId(), worker);

        ClaimLoop loop = new ClaimLoop(client, worker, 60, 1, List.of("idle-" + UUID.randomUUID()), 1,
                run -> { throw new AssertionError("nothing is queued for this mode"); });
        loop.start();
        try {
            String runnerId = find("client-runner").path("id").asString();
            admin().delete("/api/v1/admin/runners/" + runnerId).ok();
            await().atMost(Duration.ofSeconds(30)).until(() -> !loop.isAlive());
            assertThat(client.credentialRefused()).isTrue();
            assertThatThrownBy(() -> client.heartbeat(claimed.getFirst().run().runId(), worker, 60))
                    .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(401))
                    .hasMessageContaining("revoked");
        } finally {
            loop.stop();
        }
    }

    private JsonNode find(String name) {
        for (JsonNode r : admin().get("/api/v1/admin/runners").ok()) {
            if (r.path("name").asString().equals(name)) {
                return r;
            }
        }
        return null;
    }

    private static ConfigurableApplicationContext startRunner(Map<String, String> settings) {
        return new SpringApplicationBuilder(RunnerOnlyApplication.class)
                .web(WebApplicationType.NONE)
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
