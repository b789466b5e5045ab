package dev.poco.server.envvars;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Api;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class EnvVarApiTest extends ApiTest {

    private static final String ENV_VARS = "/api/v1/env-vars";
    private static final String SYSTEM = "/api/v1/internal/system-env-vars";
    private static final String MAP = "/api/v1/internal/env-vars/map";

    @Autowired
    private JdbcClient jdbc;

    @Test
    void aUserCreatesListsUpdatesAndDeletesAVarWhoseValueNeverComesBack() {
        String secret = secret();
        var created = alice.post(ENV_VARS, Map.of("key", " GITHUB_TOKEN ", "value", " " + secret + " ",
                "description", "for the repo"));
        JsonNode var = created.ok();
        assertThat(var.path("key").asString()).isEqualTo("GITHUB_TOKEN");
        assertThat(var.path("scope").asString()).isEqualTo("user");
        assertThat(var.path("is_set").asBoolean()).isTrue();
        assertThat(var.path("description").asString()).isEqualTo("for the repo");
        assertThat(var.has("value")).isFalse();
        assertThat(created.body()).doesNotContain(secret);
        int id = var.path("id").asInt();

        var listed = alice.get(ENV_VARS);
        assertThat(ours(listed.ok(), "user")).extracting(v -> v.path("id").asInt()).containsExactly(id);
        assertThat(listed.body()).doesNotContain(secret);

        // stored encrypted, bound to its row, never in plaintext
        String stored = jdbc.sql("SELECT value_ciphertext FROM user_env_vars WHERE id = :id").param("id", id)
                .query(String.class).single();
        assertThat(stored).startsWith(SecretCipher.PREFIX).doesNotContain(secret);
        assertThat(mapOf(alice).path("GITHUB_TOKEN").asString()).isEqualTo(secret);

        String newSecret = secret();
        var updated = alice.patch(ENV_VARS + "/" + id, Map.of("value", newSecret));
        assertThat(updated.ok().path("description").asString()).as("unchanged").isEqualTo("for the repo");
        assertThat(updated.body()).doesNotContain(newSecret);
        assertThat(mapOf(alice).path("GITHUB_TOKEN").asString()).isEqualTo(newSecret);
        assertThat(alice.patch(ENV_VARS + "/" + id, Map.of("description", "rotated")).ok()
                .path("description").asString()).isEqualTo("rotated");

        assertThat(alice.delete(ENV_VARS + "/" + id).ok().path("id").asInt()).isEqualTo(id);
        assertThat(ours(alice.get(ENV_VARS).ok(), "user")).isEmpty();
        assertThat(mapOf(alice).has("GITHUB_TOKEN")).isFalse();
        alice.delete(ENV_VARS + "/" + id).error(404, 11001);
    }

    @Test
    void anotherUsersVarIsNotFoundAndNeverReachesTheirRuns() {
        String secret = secret();
        int id = alice.post(ENV_VARS, Map.of("key", "ALICE_ONLY", "value", secret)).ok().path("id").asInt();

        bob.patch(ENV_VARS + "/" + id, Map.of("value", "stolen")).error(404, 11001);
        bob.delete(ENV_VARS + "/" + id).error(404, 11001);
        assertThat(ours(bob.get(ENV_VARS).ok(), "user")).isEmpty();
        assertThat(mapOf(bob).has("ALICE_ONLY")).isFalse();
        // bob may use the same key for his own value
        bob.post(ENV_VARS, Map.of("key", "ALICE_ONLY", "value", "bobs")).ok();
        assertThat(mapOf(bob).path("ALICE_ONLY").asString()).isEqualTo("bobs");
        assertThat(mapOf(alice).path("ALICE_ONLY").asString()).isEqualTo(secret);
    }

    @Test
    void badInputGetsAnEnvelopeNeverA500() {
        alice.post(ENV_VARS, Map.of("value", "v")).error(422, 40000);
        alice.post(ENV_VARS, Map.of("key", "K")).error(422, 40000);
        alice.post(ENV_VARS, Map.of("key", 42, "value", "v")).error(422, 40000);
        alice.post(ENV_VARS, Map.of("key", "K".repeat(256), "value", "v")).error(422, 40000);
        alice.post(ENV_VARS, "{not json").error(400, 40000);
        alice.post(ENV_VARS, Map.of("key", "  ", "value", "v")).error(400, 40000);
        alice.post(ENV_VARS, Map.of("key", "K", "value", "   ")).error(400, 40000);
        for (String bad : List.of("MY-KEY", "1ST", "A B", "A=B", "ключ", "${X}")) {
            var refused = alice.post(ENV_VARS, Map.of("key", bad, "value", "v")).error(400, 40000);
            assertThat(refused.message()).contains("Invalid environment variable key");
        }
        alice.post(ENV_VARS, Map.of("key", "DUP", "value", "one")).ok();
        var duplicate = alice.post(ENV_VARS, Map.of("key", "DUP", "value", "two")).error(409, 11002);
        assertThat(duplicate.message()).contains("DUP");

        int id = ours(alice.get(ENV_VARS).ok(), "user").getFirst().path("id").asInt();
        alice.patch(ENV_VARS + "/" + id, Map.of("value", " ")).error(400, 40000);
        alice.patch(ENV_VARS + "/" + id, Map.of("value", 7)).error(422, 40000);
        alice.patch(ENV_VARS + "/" + id, "[1]").error(422, 40000);
        alice.patch(ENV_VARS + "/not-a-number", Map.of("value", "v")).error(422, 40000);
        alice.patch(ENV_VARS + "/99999999999", Map.of("value", "v")).error(422, 40000);
        alice.patch(ENV_VARS + "/2147483647", Map.of("value", "v")).error(404, 11001);
        assertThat(mapOf(alice).path("DUP").asString()).isEqualTo("one");
    }

    @Test
    void theReservedSystemOwnerCannotUseTheUserEndpoints() {
        Api system = anonymous.as(EnvVarScope.SYSTEM_OWNER);
        system.get(ENV_VARS).error(403, 40300);
        system.post(ENV_VARS, Map.of("key", "K", "value", "v")).error(403, 40300);
        system.patch(ENV_VARS + "/1", Map.of("value", "v")).error(403, 40300);
        system.delete(ENV_VARS + "/1").error(403, 40300);
    }

    @Test
    void systemVarsAreSeenByUsersWithoutValuesShadowedByTheirsAndNotChangeableByThem() {
        String key = "SYS_" + UUID.randomUUID().toString().replace('-', '_');
        String declared = "DECLARED_" + UUID.randomUUID().toString().replace('-', '_');
        String secret = secret();
        JsonNode sys = runner.post(SYSTEM, Map.of("key", key, "value", secret, "description", "shared")).ok();
        JsonNode unset = runner.post(SYSTEM, Map.of("key", declared)).ok();
        int id = sys.path("id").asInt();
        try {
            assertThat(sys.path("user_id").asString()).isEqualTo("__system__");
            assertThat(sys.path("scope").asString()).isEqualTo("system");
            assertThat(sys.path("value").asString()).isEqualTo(secret);
            assertThat(unset.path("value").asString()).isEmpty();

            var listed = alice.get(ENV_VARS);
            JsonNode seen = find(listed.ok(), key);
            assertThat(seen.path("scope").asString()).isEqualTo("system");
            assertThat(seen.path("is_set").asBoolean()).isTrue();
            assertThat(find(listed.ok(), declared).path("is_set").asBoolean()).isFalse();
            assertThat(listed.body()).doesNotContain(secret);
            assertThat(listed.ok().get(0).path("scope").asString()).as("system vars first").isEqualTo("system");

            assertThat(mapOf(alice).path(key).asString()).isEqualTo(secret);
            assertThat(mapOf(alice).has(declared)).as("blank values are left out").isFalse();

            // not through the user endpoints
            alice.patch(ENV_VARS + "/" + id, Map.of("value", "mine")).error(404, 11001);
            alice.delete(ENV_VARS + "/" + id).error(404, 11001);
            assertThat(find(runner.get(SYSTEM).ok(), key).path("value").asString()).isEqualTo(secret);

            // a user var of the same key shadows it for that user only
            alice.post(ENV_VARS, Map.of("key", key, "value", "alices")).ok();
            assertThat(mapOf(alice).path(key).asString()).isEqualTo("alices");
            assertThat(mapOf(bob).path(key).asString()).isEqualTo(secret);

            // the system endpoints do not reach user vars
            int aliceVar = ours(alice.get(ENV_VARS).ok(), "user").getFirst().path("id").asInt();
            runner.patch(SYSTEM + "/" + aliceVar, Map.of("value", "x")).error(404, 11001);
            runner.delete(SYSTEM + "/" + aliceVar).error(404, 11001);

            JsonNode patched = runner.patch(SYSTEM + "/" + id, Map.of("value", "rotated")).ok();
            assertThat(patched.path("value").asString()).isEqualTo("rotated");
            assertThat(patched.path("description").asString()).isEqualTo("shared");
            assertThat(mapOf(bob).path(key).asString()).isEqualTo("rotated");
            runner.post(SYSTEM, Map.of("key", key, "value", "again")).error(409, 11002);
            runner.post(SYSTEM, Map.of("key", "bad key")).error(400, 40000);
            runner.post(SYSTEM, Map.of("value", "v")).error(422, 40000);
        } finally {
            runner.delete(SYSTEM + "/" + unset.path("id").asInt()).ok();
            assertThat(runner.delete(SYSTEM + "/" + id).ok().path("id").asInt()).isEqualTo(id);
        }
        runner.delete(SYSTEM + "/" + id).error(404, 11001);
        assertThat(mapOf(bob).has(key)).isFalse();
    }

    @Test
    void theInternalEndpointsNeedTheRunnerToken() {
        alice.get(MAP).error(403, 40300);
        alice.get(SYSTEM).error(403, 40300);
        alice.post(SYSTEM, Map.of("key", "K", "value", "v")).error(403, 40300);
        alice.withHeader("X-Internal-Token", "wrong").get(MAP).error(403, 40300);
    }

    @Test
    void aValueWrittenByPocoAsFernetIsReadable() {
        PocoFernetFixture fixture = PocoFernetFixture.load();
        String user = "poco-user-" + UUID.randomUUID();
        jdbc.sql("INSERT INTO user_env_vars (user_id, key, value_ciphertext, scope) VALUES (:u, 'FROM_POCO', :v, 'user')")
                .param("u", user).param("v", fixture.token()).update();
        Api pocoUser = anonymous.as(user);

        assertThat(mapOf(pocoUser).path("FROM_POCO").asString()).isEqualTo(fixture.plaintext());
        assertThat(find(pocoUser.get(ENV_VARS).ok(), "FROM_POCO").path("is_set").asBoolean()).isTrue();

        // a value that no key decrypts counts as unset and stays out of the run
        jdbc.sql("INSERT INTO user_env_vars (user_id, key, value_ciphertext, scope) VALUES (:u, 'LOST', :v, 'user')")
                .param("u", user).param("v", new SecretCipher("some-other-secret-key-0000", "x")
                        .encrypt(user, "LOST", "gone")).update();
        assertThat(find(pocoUser.get(ENV_VARS).ok(), "LOST").path("is_set").asBoolean()).isFalse();
        assertThat(mapOf(pocoUser).has("LOST")).isFalse();
    }

    @Test
    void valuesNeverReachTheLogsEvenAtDebug() {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Map<String, Level> saved = new HashMap<>();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        root.addAppender(lines);
        for (String name : List.of("org.springframework.web", "org.springframework.http", "org.springframework.jdbc",
                "dev.poco", "http_request")) {
            Logger l = (Logger) LoggerFactory.getLogger(name);
            saved.put(name, l.getLevel());
            l.setLevel(Level.TRACE);
        }
        String secret = secret();
        String systemKey = "SYS_" + UUID.randomUUID().toString().replace('-', '_');
        try {
            int id = alice.post(ENV_VARS, Map.of("key", "LOGGED", "value", secret)).ok().path("id").asInt();
            alice.patch(ENV_VARS + "/" + id, Map.of("value", secret + "-2")).ok();
            alice.post(ENV_VARS, Map.of("key", "LOGGED", "value", secret)).error(409, 11002);
            assertThat(mapOf(alice).path("LOGGED").asString()).isEqualTo(secret + "-2");
            int sys = runner.post(SYSTEM, Map.of("key", systemKey, "value", secret)).ok().path("id").asInt();
            runner.get(SYSTEM).ok();
            runner.delete(SYSTEM + "/" + sys).ok();
        } finally {
            root.detachAppender(lines);
            saved.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
        }
        List<ILoggingEvent> events;
        synchronized (lines) {
            events = List.copyOf(lines.list);
        }
        assertThat(events).as("debug logging ran").isNotEmpty();
        assertThat(events).noneSatisfy(e -> assertThat(e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).contains(secret));
    }

    private JsonNode mapOf(Api user) {
        return runner.as(user.headers().get("X-User-Id")).get(MAP).ok();
    }

    /** This test's vars of one scope (system vars of other tests may exist meanwhile). */
    private static List<JsonNode> ours(JsonNode list, String scope) {
        List<JsonNode> out = new java.util.ArrayList<>();
        list.forEach(v -> {
            if (v.path("scope").asString().equals(scope)) {
                out.add(v);
            }
        });
        return out;
    }

    private static JsonNode find(JsonNode list, String key) {
        for (JsonNode v : list) {
            if (v.path("key").asString().equals(key)) {
                return v;
            }
        }
        throw new AssertionError("no var " + key + " in " + list);
    }

    private static String secret() {
        return "s3cr3t-" + UUID.randomUUID();
    }
}
