package dev.poco.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.app.support.PocoProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Poco per {@code POCO_HOME}, whatever happened to the last one: a Poco killed with
 * {@code kill -9} leaves its PostgreSQL running, and the next start stops that and comes up with
 * the data; a second start while one runs is refused with a message naming the running one; and
 * a start and stop leave nothing in the temporary directory.
 */
class PocoHomeIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration START = Duration.ofMinutes(3);
    private static final Map<String, String> SERVER_ONLY = Map.of("POCO_ROLE", "server");

    @TempDir
    Path home;

    @Test
    void aStartAfterKill9StopsTheLeftoverDatabaseAndKeepsTheData() throws Exception {
        int port = PocoProcess.freePort();
        String sessionId;
        long postmaster;
        try (PocoProcess poco = PocoProcess.start(PocoProcess.jarCommand(), home, port, SERVER_ONLY, START)) {
            sessionId = createSession(poco);
            postmaster = postmasterPid().orElseThrow();
            poco.kill();
        }
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive))
                .as("kill -9 of Poco leaves its PostgreSQL running").contains(true);

        try (PocoProcess again = PocoProcess.start(PocoProcess.jarCommand(), home, port, SERVER_ONLY, START)) {
            assertThat(again.output()).contains("left running by a Poco that did not shut down");
            JsonNode session = JSON.readTree(again.get("/api/v1/sessions/" + sessionId).body());
            assertThat(session.path("data").path("session_id").asString()).isEqualTo(sessionId);
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        }
    }

    @Test
    void aSecondPocoOnTheSameHomeIsRefusedWithTheRunningOnesPid() throws Exception {
        try (PocoProcess first = PocoProcess.start(PocoProcess.jarCommand(), home, PocoProcess.freePort(),
                SERVER_ONLY, START)) {
            String pid = Files.readString(home.resolve("poco.lock")).strip();
            assertThatThrownBy(() -> PocoProcess.start(PocoProcess.jarCommand(), home, PocoProcess.freePort(),
                    SERVER_ONLY, START).close())
                    .hasMessageContaining("Another Poco is running with POCO_HOME=" + home.toAbsolutePath().normalize())
                    .hasMessageContaining("(pid " + pid + ")");
            assertThat(first.get("/api/v1/health").statusCode()).as("the first one is untouched").isEqualTo(200);
            createSession(first);
        }
    }

    @Test
    void aStartAndStopLeaveTheTemporaryDirectoryAsItWas(@TempDir Path tmp) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Djava.io.tmpdir=" + tmp, "-jar", PocoProcess.JAR.toString());
        try (PocoProcess poco = PocoProcess.start(command, home, PocoProcess.freePort(),
                Map.of("POCO_ROLE", "server", "TMPDIR", tmp.toString()), START)) {
            createSession(poco);
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).isEmpty();
        }
    }

    private static String createSession(PocoProcess poco) throws Exception {
        JsonNode created = JSON.readTree(poco.post("/api/v1/sessions", "{\"config\": {\"model\": null}}").body());
        String id = created.path("data").path("session_id").asString();
        assertThat(id).isNotBlank();
        return id;
    }

    private Optional<Long> postmasterPid() throws Exception {
        Path pidFile = home.resolve("data/postgres/postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()));
    }
}
