package dev.poco.server.questions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.ServerThreads;
import dev.poco.testkit.http.Reply;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Questions to the user (reference §3.6): created and read by runners, listed and answered by users. */
class UserInputApiTest extends ApiTest {

    private static final String INTERNAL = "/api/v1/internal/user-input-requests";
    private static final String AWAIT_OUTCOME = "dev.poco.server.questions.UserInputService.awaitOutcome";

    private String sessionId;

    @BeforeEach
    void aSession() {
        sessionId = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
    }

    private JsonNode ask(String session, Object expiresAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("session_id", session);
        body.put("tool_name", "AskUserQuestion");
        body.put("tool_input", Map.of("questions", List.of(Map.of("question", "Which colour?"))));
        if (expiresAt != null) {
            body.put("expires_at", expiresAt);
        }
        return runner.post(INTERNAL, body).ok();
    }

    @Test
    void aRunnerAsksAndTheQuestionIsPendingForSixtySeconds() {
        JsonNode q = ask(sessionId, null);
        assertThat(q.path("id").asString()).matches("[0-9a-f-]{36}");
        assertThat(q.path("session_id").asString()).isEqualTo(sessionId);
        assertThat(q.path("tool_name").asString()).isEqualTo("AskUserQuestion");
        assertThat(q.path("tool_input").path("questions").get(0).path("question").asString()).isEqualTo("Which colour?");
        assertThat(q.path("status").asString()).isEqualTo("pending");
        assertThat(q.path("answers").isNull()).isTrue();
        assertThat(q.path("answered_at").isNull()).isTrue();
        OffsetDateTime created = OffsetDateTime.parse(q.path("created_at").asString());
        OffsetDateTime expires = OffsetDateTime.parse(q.path("expires_at").asString());
        assertThat(ChronoUnit.MILLIS.between(created, expires)).isCloseTo(60_000L, within(2_000L));
        assertThat(q.path("updated_at").asString()).isNotBlank();

        assertThat(runner.get(INTERNAL + "/" + q.path("id").asString()).ok()).isEqualTo(q);
    }

    @Test
    void anExplicitExpiryIsKept() {
        String at = OffsetDateTime.now().plusMinutes(10).truncatedTo(ChronoUnit.SECONDS).toString();
        JsonNode q = ask(sessionId, at);
        assertThat(OffsetDateTime.parse(q.path("expires_at").asString()).toInstant())
                .isEqualTo(OffsetDateTime.parse(at).toInstant());
    }

    @Test
    void creatingNeedsAnExistingSessionAndAValidBody() {
        runner.post(INTERNAL, Map.of("session_id", UUID.randomUUID().toString(), "tool_name", "AskUserQuestion",
                "tool_input", Map.of())).error(404, 40400);
        String deleted = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        alice.delete("/api/v1/sessions/" + deleted).ok();
        runner.post(INTERNAL, Map.of("session_id", deleted, "tool_name", "AskUserQuestion", "tool_input", Map.of()))
                .error(404, 40400);

        runner.post(INTERNAL, Map.of("session_id", "x", "tool_name", "A", "tool_input", Map.of())).error(422, 40000);
        runner.post(INTERNAL, Map.of("tool_name", "A", "tool_input", Map.of())).error(422, 40000);
        runner.post(INTERNAL, Map.of("session_id", sessionId, "tool_input", Map.of())).error(422, 40000);
        runner.post(INTERNAL, Map.of("session_id", sessionId, "tool_name", "  ", "tool_input", Map.of()))
                .error(422, 40000);
        runner.post(INTERNAL, Map.of("session_id", sessionId, "tool_name", "t".repeat(101), "tool_input", Map.of()))
                .error(422, 40000);
        runner.post(INTERNAL, Map.of("session_id", sessionId, "tool_name", 5, "tool_input", Map.of()))
                .error(422, 40000);
        runner.post(INTERNAL, Map.of("session_id", sessionId, "tool_name", "A", "tool_input", "text"))
                .error(422, 40000);
        runner.post(INTERNAL, Map.of("session_id", sessionId, "tool_name", "A")).error(422, 40000);
        runner.post(INTERNAL, Map.of("session_id", sessionId, "tool_name", "A", "tool_input", Map.of(),
                "expires_at", "soon")).error(422, 40000);
        runner.post(INTERNAL, "{\"session_id\":").error(400, 40000);
        runner.post(INTERNAL, "").error(422, 40000);
        assertThat(alice.get("/api/v1/user-input-requests").ok()).isEmpty();
    }

    @Test
    void readingAPastDueQuestionExpiresIt() {
        JsonNode q = ask(sessionId, OffsetDateTime.now().minusSeconds(5).toString());
        JsonNode read = runner.get(INTERNAL + "/" + q.path("id").asString()).ok();
        assertThat(read.path("status").asString()).isEqualTo("expired");
        assertThat(runner.get(INTERNAL + "/" + q.path("id").asString()).ok().path("status").asString())
                .as("persisted").isEqualTo("expired");
        assertThat(alice.get("/api/v1/user-input-requests").ok()).isEmpty();
    }

    @Test
    void aLongPollReturnsAsSoonAsTheUserAnswers() throws Exception {
        String id = ask(sessionId, null).path("id").asString();
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<Reply> poll = pool.submit(() -> runner.get(INTERNAL + "/" + id + "?wait_seconds=60"));
            ServerThreads.awaitWaitingIn(AWAIT_OUTCOME);
            assertThat(poll.isDone()).as("still waiting for the user").isFalse();
            alice.post("/api/v1/user-input-requests/" + id + "/answer", Map.of("answers", Map.of("Which colour?", "Blue")))
                    .ok();
            // woken by the answer: the 60 s wait is far from over when the reply comes
            JsonNode answered = poll.get(30, TimeUnit.SECONDS).ok();
            assertThat(answered.path("status").asString()).isEqualTo("answered");
            assertThat(answered.path("answers").path("Which colour?").asString()).isEqualTo("Blue");
        }
    }

    @Test
    void aLongPollWithoutAnAnswerReturnsThePendingQuestionWhenTheWaitEnds() throws Exception {
        String id = ask(sessionId, null).path("id").asString();
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<Reply> poll = pool.submit(() -> runner.get(INTERNAL + "/" + id + "?wait_seconds=1"));
            ServerThreads.awaitWaitingIn(AWAIT_OUTCOME);
            JsonNode still = poll.get(30, TimeUnit.SECONDS).ok();
            assertThat(still.path("status").asString()).as("it waited, and nobody answered").isEqualTo("pending");
        }
        runner.get(INTERNAL + "/" + id + "?wait_seconds=61").error(422, 40000);
        runner.get(INTERNAL + "/" + id + "?wait_seconds=-1").error(422, 40000);
        runner.get(INTERNAL + "/" + id + "?wait_seconds=x").error(422, 40000);
        runner.get(INTERNAL + "/" + UUID.randomUUID()).error(404, 40400);
        runner.get(INTERNAL + "/" + UUID.randomUUID() + "?wait_seconds=1").error(404, 40400);
        runner.get(INTERNAL + "/nope").error(422, 40000);
    }

    @Test
    void usersSeeOnlyTheirOwnPendingQuestions() {
        String other = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        String bobsSession = bob.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        String first = ask(sessionId, null).path("id").asString();
        String second = ask(other, null).path("id").asString();
        ask(bobsSession, null);
        String answered = ask(sessionId, null).path("id").asString();
        alice.post("/api/v1/user-input-requests/" + answered + "/answer", Map.of("answers", Map.of())).ok();

        assertThat(alice.get("/api/v1/user-input-requests").ok()).extracting(q -> q.path("id").asString())
                .containsExactly(first, second);
        assertThat(alice.get("/api/v1/user-input-requests?session_id=" + other).ok())
                .extracting(q -> q.path("id").asString()).containsExactly(second);
        assertThat(bob.get("/api/v1/user-input-requests?session_id=" + sessionId).ok()).isEmpty();
        assertThat(bob.get("/api/v1/user-input-requests").ok()).hasSize(1);
        alice.get("/api/v1/user-input-requests?session_id=x").error(422, 40000);
    }

    @Test
    void answeringStoresTheAnswersOnce() {
        String id = ask(sessionId, null).path("id").asString();
        JsonNode answered = alice.post("/api/v1/user-input-requests/" + id + "/answer",
                Map.of("answers", Map.of("Which colour?", "Green", "approved", "true"))).ok();
        assertThat(answered.path("status").asString()).isEqualTo("answered");
        assertThat(answered.path("answers").path("Which colour?").asString()).isEqualTo("Green");
        assertThat(answered.path("answers").path("approved").asString()).isEqualTo("true");
        assertThat(answered.path("answered_at").isNull()).isFalse();
        assertThat(runner.get(INTERNAL + "/" + id).ok().path("status").asString()).isEqualTo("answered");

        alice.post("/api/v1/user-input-requests/" + id + "/answer", Map.of("answers", Map.of("Which colour?", "Red")))
                .error(409, 40000);
        assertThat(runner.get(INTERNAL + "/" + id).ok().path("answers").path("Which colour?").asString())
                .isEqualTo("Green");
    }

    @Test
    void answeringAnExpiredQuestionIsAConflictAndLeavesItExpired() {
        String id = ask(sessionId, OffsetDateTime.now().minusSeconds(1).toString()).path("id").asString();
        alice.post("/api/v1/user-input-requests/" + id + "/answer", Map.of("answers", Map.of("q", "a")))
                .error(409, 40000);
        JsonNode q = runner.get(INTERNAL + "/" + id).ok();
        assertThat(q.path("status").asString()).isEqualTo("expired");
        assertThat(q.path("answers").isNull()).isTrue();
    }

    @Test
    void answersMustBeAnObjectOfStrings() {
        String id = ask(sessionId, null).path("id").asString();
        String path = "/api/v1/user-input-requests/" + id + "/answer";
        alice.post(path, Map.of("answers", Map.of("q", 1))).error(422, 40000);
        alice.post(path, Map.of("answers", Map.of("q", List.of("a")))).error(422, 40000);
        alice.post(path, Map.of("answers", Map.of("q", Map.of("nested", "x")))).error(422, 40000);
        alice.post(path, Map.of("answers", "yes")).error(422, 40000);
        alice.post(path, Map.of("answers", List.of("yes"))).error(422, 40000);
        alice.post(path, Map.of("answers", Map.of("q", "a".repeat(20_001)))).error(422, 40000);
        alice.post(path, Map.of()).error(422, 40000);
        alice.post(path, "").error(422, 40000);
        alice.post(path, "{\"answers\": {").error(400, 40000);
        assertThat(runner.get(INTERNAL + "/" + id).ok().path("status").asString()).isEqualTo("pending");
    }

    @Test
    void anotherUserCannotAnswerAndUnknownQuestionsAreNotFound() {
        String id = ask(sessionId, null).path("id").asString();
        bob.post("/api/v1/user-input-requests/" + id + "/answer", Map.of("answers", Map.of("q", "a")))
                .error(403, 40300);
        assertThat(runner.get(INTERNAL + "/" + id).ok().path("status").asString()).isEqualTo("pending");
        alice.post("/api/v1/user-input-requests/" + UUID.randomUUID() + "/answer", Map.of("answers", Map.of()))
                .error(404, 40400);
        alice.post("/api/v1/user-input-requests/nope/answer", Map.of("answers", Map.of())).error(422, 40000);
    }
}
