package dev.poco.server.memories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.server.TestServerApplication;
import dev.poco.server.support.ApiTest;
import dev.poco.testkit.db.TestDatabase;
import dev.poco.server.support.FakeRunner;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.http.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Memories over HTTP against real PostgreSQL, the real embedding model and the fake Messages API as the server's
 * model: ownership on every route, mem0's shapes, history, jobs, extraction with add / update / skip, and hybrid
 * search in English and Chinese.
 */
@SpringBootTest(classes = TestServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MemoryApiTest {

    private static final String MEMORIES = "/api/v1/memories";
    private static final String INTERNAL = "/api/v1/internal/memories";
    private static final FakeAnthropicServer MODEL = new FakeAnthropicServer().start();

    @LocalServerPort
    int port;
    Api anonymous;
    Api alice;
    Api bob;
    Api runner;

    /** ApiTest's server, but with model credentials: its own properties would blank them (they are applied last). */
    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) throws java.io.IOException {
        Path home = Files.createTempDirectory("poco-memory-test-home");
        registry.add("poco.database.url", TestDatabase::url);
        registry.add("poco.home", home::toString);
        registry.add("poco.auth.mode", () -> "trusted_header");
        registry.add("poco.auth.internal-api-token", () -> ApiTest.RUNNER_TOKEN);
        registry.add("poco.model.base-url", MODEL::baseUrl);
        registry.add("poco.model.api-key", () -> "sk-ant-memory-test");
        registry.add("poco.model.auth-token", () -> "");
        registry.add("poco.secrets.legacy-secret-key", () -> "change-this-secret-key-in-production");
    }

    @BeforeEach
    void clients() {
        anonymous = new Api("http://127.0.0.1:" + port, Map.of());
        alice = anonymous.as("alice-" + UUID.randomUUID());
        bob = anonymous.as("bob-" + UUID.randomUUID());
        runner = anonymous.withHeader("X-Internal-Token", ApiTest.RUNNER_TOKEN);
    }

    /** Stores {@code text} as it is (the agent's memory_create) and answers the new memory's id. */
    private static String remember(Api user, String text) {
        JsonNode job = user.post(MEMORIES, Map.of("messages", List.of(Map.of("role", "user", "content", text)),
                "infer", false)).ok();
        assertThat(job.path("status").asString()).isEqualTo("success");
        JsonNode first = job.path("result").path("results").get(0);
        assertThat(first.path("event").asString()).isEqualTo("ADD");
        return first.path("id").asString();
    }

    private static JsonNode awaitJob(Api user, String jobId) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> user.get(MEMORIES + "/jobs/" + jobId).ok(),
                job -> !job.path("status").asString().matches("queued|running"));
    }

    private static List<String> texts(JsonNode results) {
        List<String> texts = new ArrayList<>();
        results.path("results").forEach(r -> texts.add(r.path("memory").asString()));
        return texts;
    }

    @Test
    void anotherUsersMemoryIdIsNotFoundOnEveryRoute() {
        String id = remember(alice, "Alice keeps her keys in the blue bowl");
        String path = MEMORIES + "/" + id;
        String job = alice.post(MEMORIES, Map.of("messages", List.of(Map.of("role", "user", "content", "x")),
                "infer", false)).ok().path("job_id").asString();

        assertThat(bob.get(path).error(404, 40400).message()).isEqualTo("Memory not found");
        bob.put(path, Map.of("text", "Bob was here")).error(404, 40400);
        bob.get(path + "/history").error(404, 40400);
        bob.delete(path).error(404, 40400);
        bob.get(MEMORIES + "/jobs/" + job).error(403, 40300);
        assertThat(texts(bob.get(MEMORIES).ok())).isEmpty();
        assertThat(texts(bob.post(MEMORIES + "/search", Map.of("query", "keys blue bowl")).ok())).isEmpty();
        bob.delete(MEMORIES).ok();

        String bobsSession = bob.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        String internal = INTERNAL + "/" + id + "?session_id=" + bobsSession;
        runner.get(internal).error(404, 40400);
        runner.put(internal, Map.of("text", "Bob was here")).error(404, 40400);
        runner.get(INTERNAL + "/" + id + "/history?session_id=" + bobsSession).error(404, 40400);
        runner.delete(internal).error(404, 40400);
        runner.get(INTERNAL + "/jobs/" + job + "?session_id=" + bobsSession).error(403, 40300);
        assertThat(texts(runner.get(INTERNAL + "?session_id=" + bobsSession).ok())).isEmpty();
        assertThat(texts(runner.post(INTERNAL + "/search?session_id=" + bobsSession,
                Map.of("query", "keys")).ok())).isEmpty();
        runner.delete(INTERNAL + "?session_id=" + bobsSession).ok();

        JsonNode mine = alice.get(path).ok();
        assertThat(mine.path("memory").asString()).isEqualTo("Alice keeps her keys in the blue bowl");
        assertThat(alice.get(path + "/history").ok()).hasSize(1);
        String alicesSession = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        assertThat(runner.get(INTERNAL + "/" + id + "?session_id=" + alicesSession).ok().path("id").asString())
                .isEqualTo(id);
    }

    @Test
    void memoriesHaveMem0sShapeAndEveryChangeIsInTheHistory() {
        String id = remember(alice, "Alice's favourite editor is Vim");
        JsonNode list = alice.get(MEMORIES).ok();
        assertThat(list.path("results")).hasSize(1);
        JsonNode item = list.path("results").get(0);
        assertThat(item.path("id").asString()).isEqualTo(id);
        assertThat(item.path("memory").asString()).isEqualTo("Alice's favourite editor is Vim");
        assertThat(item.path("hash").asString()).hasSize(32);
        assertThat(item.has("metadata")).isTrue();
        assertThat(item.path("user_id").asString()).startsWith("alice-");
        assertThat(item.path("agent_id").asString()).isEqualTo("poco-agent");
        assertThat(item.has("run_id")).isTrue();
        assertThat(item.path("created_at").asString()).isNotBlank();
        assertThat(item.path("updated_at").asString()).isNotBlank();
        assertThat(item.has("score")).as("only search ranks").isFalse();

        JsonNode updated = alice.put(MEMORIES + "/" + id, Map.of("text", "  Alice's favourite editor is Helix ")).ok();
        assertThat(updated.path("memory").asString()).isEqualTo("Alice's favourite editor is Helix");
        assertThat(updated.path("hash").asString()).isNotEqualTo(item.path("hash").asString());
        assertThat(alice.delete(MEMORIES + "/" + id).ok().path("id").asString()).isEqualTo(id);
        alice.get(MEMORIES + "/" + id).error(404, 40400);
        assertThat(alice.get(MEMORIES).ok().path("results")).isEmpty();

        JsonNode history = alice.get(MEMORIES + "/" + id + "/history").ok();
        assertThat(history).hasSize(3);
        assertThat(history.get(0).path("event").asString()).isEqualTo("ADD");
        assertThat(history.get(0).path("new_memory").asString()).isEqualTo("Alice's favourite editor is Vim");
        assertThat(history.get(1).path("event").asString()).isEqualTo("UPDATE");
        assertThat(history.get(1).path("old_memory").asString()).isEqualTo("Alice's favourite editor is Vim");
        assertThat(history.get(1).path("new_memory").asString()).isEqualTo("Alice's favourite editor is Helix");
        assertThat(history.get(2).path("event").asString()).isEqualTo("DELETE");
        assertThat(history.get(2).path("is_deleted").asBoolean()).isTrue();
        assertThat(history.get(2).path("memory_id").asString()).isEqualTo(id);

        remember(alice, "one");
        remember(alice, "two");
        assertThat(alice.delete(MEMORIES).ok().path("deleted").asBoolean()).isTrue();
        assertThat(alice.get(MEMORIES).ok().path("results")).isEmpty();
    }

    @Test
    void theSameTextStoredTwiceIsSkippedAndTheSkipIsRecorded() {
        String id = remember(alice, "Alice is allergic to peanuts");
        JsonNode again = alice.post(MEMORIES, Map.of("messages",
                List.of(Map.of("role", "user", "content", "Alice is allergic to peanuts")), "infer", false)).ok();
        JsonNode result = again.path("result").path("results").get(0);
        assertThat(result.path("event").asString()).isEqualTo("NONE");
        assertThat(result.path("id").asString()).isEqualTo(id);
        assertThat(alice.get(MEMORIES).ok().path("results")).hasSize(1);
        JsonNode history = alice.get(MEMORIES + "/" + id + "/history").ok();
        assertThat(history).extracting(h -> h.path("event").asString()).containsExactly("ADD", "NONE");
    }

    /**
     * A scripted extraction: the fake model answers the request whose conversation holds {@code tag}, naming
     * existing memories by the number the prompt gave the one holding each key of {@code pick}.
     */
    private static void script(String tag, Function<Map<String, Integer>, String> answer, String... known) {
        MODEL.when(r -> r.systemText().contains(FactExtractor.SYSTEM_MARKER) && r.lastUserText().contains(tag),
                (RecordedRequest r) -> {
                    Map<String, Integer> numbers = new HashMap<>();
                    Matcher line = Pattern.compile("(?m)^(\\d+): (.*)$").matcher(r.lastUserText());
                    while (line.find()) {
                        for (String k : known) {
                            if (line.group(2).contains(k)) {
                                numbers.put(k, Integer.parseInt(line.group(1)));
                            }
                        }
                    }
                    return Reply.text(answer.apply(numbers));
                });
    }

    @Test
    void extractionAddsUpdatesAndSkipsFactsAgainstExistingMemoriesAndRecordsEachInHistory() {
        String tag = UUID.randomUUID().toString();
        script(tag + "-1", n -> """
                Here you go:
                {"memory": [{"event": "ADD", "text": "Alice drinks oat milk lattes"},
                            {"event": "ADD", "text": "Alice lives in Lisbon"}]}""");
        JsonNode created = alice.post(MEMORIES, Map.of("messages", List.of(
                Map.of("role", "user", "content", "I always order an oat milk latte " + tag + "-1, I live in Lisbon"),
                Map.of("role", "assistant", "content", "Noted!")), "metadata", Map.of("source", "chat"))).ok();
        assertThat(created.path("status").asString()).isEqualTo("queued");
        JsonNode first = awaitJob(alice, created.path("job_id").asString());
        assertThat(first.path("status").asString()).as(first.toString()).isEqualTo("success");
        assertThat(first.path("progress").asInt()).isEqualTo(100);
        assertThat(first.path("started_at").asString()).isNotBlank();
        assertThat(first.path("finished_at").asString()).isNotBlank();
        assertThat(first.path("result").path("results")).extracting(r -> r.path("event").asString())
                .containsExactly("ADD", "ADD");
        assertThat(texts(alice.get(MEMORIES).ok())).containsExactlyInAnyOrder("Alice drinks oat milk lattes",
                "Alice lives in Lisbon");
        assertThat(alice.get(MEMORIES).ok().path("results").get(0).path("metadata").path("source").asString())
                .isEqualTo("chat");

        script(tag + "-2", n -> """
                {"memory": [{"event": "UPDATE", "id": "%d", "text": "Alice lives in Porto"},
                            {"event": "NONE", "id": "%d"},
                            {"event": "ADD", "text": "Alice drinks oat milk lattes"},
                            {"event": "ADD", "text": "Alice has a cat called Miso"}]}"""
                .formatted(n.get("Lisbon"), n.get("latte")), "Lisbon", "latte");
        JsonNode second = awaitJob(alice, alice.post(MEMORIES, Map.of("messages", List.of(Map.of("role", "user",
                "content", "I moved from Lisbon to Porto " + tag + "-2; still love my latte; my cat is Miso"))))
                .ok().path("job_id").asString());
        assertThat(second.path("status").asString()).as(second.toString()).isEqualTo("success");
        assertThat(second.path("result").path("results")).extracting(r -> r.path("event").asString())
                .containsExactly("UPDATE", "NONE", "NONE", "ADD");
        assertThat(second.path("result").path("results").get(0).path("previous_memory").asString())
                .isEqualTo("Alice lives in Lisbon");
        assertThat(texts(alice.get(MEMORIES).ok())).containsExactlyInAnyOrder("Alice drinks oat milk lattes",
                "Alice lives in Porto", "Alice has a cat called Miso");

        RecordedRequest asked = MODEL.requests().stream()
                .filter(r -> r.isMessages() && r.lastUserText().contains(tag + "-2")).findFirst().orElseThrow();
        assertThat(asked.lastUserText()).contains("Existing memories:").contains("Alice lives in Lisbon")
                .contains("user: I moved from Lisbon");

        String porto = second.path("result").path("results").get(0).path("id").asString();
        assertThat(alice.get(MEMORIES + "/" + porto + "/history").ok()).extracting(h -> h.path("event").asString())
                .containsExactly("ADD", "UPDATE");
        String latte = second.path("result").path("results").get(1).path("id").asString();
        JsonNode latteHistory = alice.get(MEMORIES + "/" + latte + "/history").ok();
        assertThat(latteHistory).extracting(h -> h.path("event").asString()).containsExactly("ADD", "NONE", "NONE");
        assertThat(latteHistory.get(1).path("job_id").asString()).isEqualTo(second.path("job_id").asString());
        assertThat(alice.get(MEMORIES + "/jobs/active").ok().isNull()).isTrue();
    }

    @Test
    void aModelAnswerThatIsNotJsonFailsTheJobWithTheReason() {
        String tag = UUID.randomUUID().toString();
        script(tag, n -> "I cannot help with that.");
        JsonNode job = awaitJob(alice, alice.post(MEMORIES, Map.of("messages",
                List.of(Map.of("role", "user", "content", "remember " + tag)))).ok().path("job_id").asString());
        assertThat(job.path("status").asString()).isEqualTo("failed");
        assertThat(job.path("error").asString()).startsWith("Extracting memories failed: the model's answer is not JSON");
        assertThat(alice.get(MEMORIES).ok().path("results")).isEmpty();
    }

    @Test
    void hybridSearchRanksByWordsAndMeaningInEnglishAndChinese() {
        remember(alice, "Alice prefers dark roast coffee in the morning");
        remember(alice, "Alice's dog is a beagle named Biscuit");
        remember(alice, "Alice works on a Kotlin backend at her job");
        remember(alice, "用户喜欢喝绿茶");
        remember(alice, "用户住在上海浦东");

        JsonNode coffee = alice.post(MEMORIES + "/search", Map.of("query", "coffee")).ok();
        assertThat(texts(coffee).getFirst()).isEqualTo("Alice prefers dark roast coffee in the morning");
        JsonNode best = coffee.path("results").get(0);
        assertThat(best.path("score").asDouble()).isPositive();
        assertThat(best.path("text_rank").asDouble()).isEqualTo(1.0);
        assertThat(best.path("similarity").isNumber()).as("the model ran").isTrue();
        assertThat(best.path("matched_by").asString()).isEqualTo("text+semantic");

        // no word in common with any memory: found by meaning
        JsonNode pet = alice.post(MEMORIES + "/search", Map.of("query", "What kind of pet does she own?")).ok();
        assertThat(texts(pet).getFirst()).isEqualTo("Alice's dog is a beagle named Biscuit");
        assertThat(pet.path("results").get(0).path("matched_by").asString()).isEqualTo("semantic");
        assertThat(pet.path("results").get(0).path("text_rank").asDouble()).isZero();

        assertThat(texts(alice.post(MEMORIES + "/search", Map.of("query", "绿茶")).ok()).getFirst())
                .isEqualTo("用户喜欢喝绿茶");
        assertThat(texts(alice.post(MEMORIES + "/search", Map.of("query", "上海")).ok()).getFirst())
                .isEqualTo("用户住在上海浦东");
        assertThat(texts(alice.post(MEMORIES + "/search", Map.of("query", "用户住在哪里")).ok()).getFirst())
                .isEqualTo("用户住在上海浦东");
        assertThat(texts(alice.post(MEMORIES + "/search", Map.of("query", "Kot")).ok()).getFirst())
                .as("prefix").isEqualTo("Alice works on a Kotlin backend at her job");
        assertThat(alice.post(MEMORIES + "/search", Map.of("query", "coffee", "limit", 1)).ok().path("results"))
                .hasSize(1);
        assertThat(alice.post(MEMORIES + "/search", Map.of("query", "  ")).ok().path("results")).isEmpty();
    }

    @Test
    void searchFiltersByRunAndMetadata() {
        alice.post(MEMORIES, Map.of("messages", List.of(Map.of("role", "user", "content", "Project Falcon ships in May")),
                "infer", false, "run_id", "r1", "metadata", Map.of("topic", "work"))).ok();
        alice.post(MEMORIES, Map.of("messages", List.of(Map.of("role", "user", "content", "Project Falcon mascot is a bird")),
                "infer", false, "run_id", "r2", "metadata", Map.of("topic", "fun"))).ok();
        assertThat(texts(alice.post(MEMORIES + "/search", Map.of("query", "Falcon", "run_id", "r1")).ok()))
                .containsExactly("Project Falcon ships in May");
        assertThat(texts(alice.post(MEMORIES + "/search", Map.of("query", "Falcon",
                "filters", Map.of("topic", "fun"))).ok())).containsExactly("Project Falcon mascot is a bird");
        assertThat(texts(alice.get(MEMORIES + "?run_id=r2").ok())).containsExactly("Project Falcon mascot is a bird");
        alice.delete(MEMORIES + "?run_id=r2").ok();
        assertThat(texts(alice.get(MEMORIES).ok())).containsExactly("Project Falcon ships in May");
    }

    @Test
    void theInternalRoutesActForTheSessionsOwner() {
        String session = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        String q = "?session_id=" + session;
        JsonNode job = runner.post(INTERNAL + q, Map.of("messages",
                List.of(Map.of("role", "user", "content", "Alice's build tool is Gradle")), "infer", false)).ok();
        String id = job.path("result").path("results").get(0).path("id").asString();
        assertThat(runner.get(INTERNAL + "/jobs/" + job.path("job_id").asString() + q).ok().path("status")
                .asString()).isEqualTo("success");
        assertThat(texts(alice.get(MEMORIES).ok())).containsExactly("Alice's build tool is Gradle");
        assertThat(texts(runner.post(INTERNAL + "/search" + q, Map.of("query", "gradle")).ok()))
                .containsExactly("Alice's build tool is Gradle");
        assertThat(runner.put(INTERNAL + "/" + id + q, Map.of("text", "Alice's build tool is Maven")).ok()
                .path("memory").asString()).isEqualTo("Alice's build tool is Maven");
        assertThat(runner.get(INTERNAL + "/" + id + "/history" + q).ok()).hasSize(2);
        assertThat(runner.delete(INTERNAL + "/" + id + q).ok().path("id").asString()).isEqualTo(id);
        runner.delete(INTERNAL + q).ok();

        runner.get(INTERNAL + "?session_id=" + UUID.randomUUID()).error(404, 40400);
        runner.get(INTERNAL).error(422, 40000);
        runner.get(INTERNAL + "?session_id=nope").error(422, 40000);
        anonymous.get(INTERNAL + q).error(403, 40300);
        alice.get(INTERNAL + q).error(403, 40300);
    }

    @Test
    void theSwitchDecidesWhetherAClaimedRunGetsTheMemoryTools() {
        FakeRunner fake = new FakeRunner(runner);
        assertThat(alice.get(MEMORIES + "/settings").ok().path("enabled").asBoolean()).isTrue();
        alice.post("/api/v1/tasks", fake.task("first")).ok();
        assertThat(fake.claimQueued().path("spec").path("memory").path("enabled").asBoolean()).isTrue();

        JsonNode off = alice.put(MEMORIES + "/settings", Map.of("enabled", false)).ok();
        assertThat(off.path("enabled").asBoolean()).isFalse();
        assertThat(bob.get(MEMORIES + "/settings").ok().path("enabled").asBoolean()).isTrue();
        alice.post("/api/v1/tasks", fake.task("second")).ok();
        assertThat(fake.claimQueued().path("spec").path("memory").path("enabled").asBoolean()).isFalse();
        alice.put(MEMORIES + "/settings", Map.of()).error(422, 40000);
    }

    @Test
    void configureAndResetNeedTheRunnerToken() {
        alice.post(MEMORIES + "/configure", Map.of("enabled", false)).error(403, 40300);
        alice.post(MEMORIES + "/reset", Map.of()).error(403, 40300);
        assertThat(runner.post(MEMORIES + "/configure", Map.of()).ok().path("enabled").asBoolean()).isTrue();
    }

    @Test
    void badInputGetsPocosFourHundredsNeverAFiveHundred() {
        String id = remember(alice, "Alice reads at night");
        alice.post(MEMORIES + "/search", Map.of("query", "x".repeat(1001))).error(400, 40000);
        assertThat(alice.post(MEMORIES + "/search", Map.of("query", "x".repeat(1001))).message())
                .isEqualTo("Query is too long (max 1000 characters)");
        alice.post(MEMORIES + "/search", Map.of()).error(422, 40000);
        alice.post(MEMORIES + "/search", Map.of("query", "a", "limit", 0)).error(422, 40000);
        alice.post(MEMORIES + "/search", Map.of("query", "a", "filters", List.of(1))).error(400, 40000);
        alice.post(MEMORIES + "/search", Map.of("query", "a\u0000b:*|&!(")).ok();
        alice.get(MEMORIES + "/" + UUID.randomUUID()).error(404, 40400);
        alice.get(MEMORIES + "/not-a-uuid").error(422, 40000);
        alice.get(MEMORIES + "/jobs/" + UUID.randomUUID()).error(404, 40400);
        alice.put(MEMORIES + "/" + id, Map.of("text", "   ")).error(400, 40000);
        alice.put(MEMORIES + "/" + id, Map.of("text", "")).error(422, 40000);
        alice.put(MEMORIES + "/" + id, Map.of("text", "a\u0000b")).error(400, 40000);
        alice.put(MEMORIES + "/" + id, Map.of("text", "x".repeat(10_001))).error(400, 40000);
        alice.put(MEMORIES + "/" + UUID.randomUUID(), Map.of("text", "x")).error(404, 40400);
        alice.delete(MEMORIES + "/" + UUID.randomUUID()).error(404, 40400);
        alice.get(MEMORIES + "/" + UUID.randomUUID() + "/history").error(404, 40400);
        alice.post(MEMORIES, Map.of("messages", List.of())).error(422, 40000);
        alice.post(MEMORIES, Map.of()).error(422, 40000);
        alice.post(MEMORIES, Map.of("messages", List.of(Map.of("role", "user")))).error(422, 40000);
        alice.post(MEMORIES, Map.of("messages", List.of(Map.of("role", "user", "content", "x")),
                "metadata", "nope")).error(400, 40000);
        alice.post(MEMORIES, Map.of("messages", List.of(Map.of("role", "user", "content", "x")),
                "run_id", "r".repeat(300))).error(400, 40000);
        alice.post(MEMORIES, Map.of("messages", List.of(Map.of("role", "user", "content", "x".repeat(100_001)))))
                .error(400, 40000);
        alice.post(MEMORIES, "{not json").error(400, 40000);
    }
}
