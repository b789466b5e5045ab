package dev.poco.server.messages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.server.support.Sdk;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code GET /messages/{id}} and {@code GET /sessions/{id}/messages}. */
class MessageApiTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    private FakeRunner fake;

    @BeforeEach
    void fakeRunner() {
        fake = new FakeRunner(runner);
    }

    @Test
    void readsOneMessageOfTheCallersSession() {
        JsonNode task = fake.converse(alice, null, "hello", "Hi there");
        JsonNode messages = alice.get("/api/v1/sessions/" + task.path("session_id").asString() + "/messages").ok();
        assertThat(messages).extracting(m -> m.path("role").asString()).containsExactly("user", "assistant");
        long replyId = messages.get(1).path("id").asLong();

        JsonNode message = alice.get("/api/v1/messages/" + replyId).ok();
        assertThat(message.path("id").asLong()).isEqualTo(replyId);
        assertThat(message.path("role").asString()).isEqualTo("assistant");
        assertThat(message.path("content").path("_type").asString()).isEqualTo("AssistantMessage");
        assertThat(message.path("content").path("model").asString()).as("stored verbatim").isEqualTo("claude-test");
        assertThat(message.path("text_preview").asString()).isEqualTo("Hi there");
        assertThat(message.path("created_at").asString()).isNotBlank();
        assertThat(message.path("updated_at").asString()).isNotBlank();
        assertThat(message.size()).isEqualTo(6);
    }

    @Test
    void aMessageOfAnotherUserIsForbiddenAndAMissingOneNotFound() {
        JsonNode task = alice.post("/api/v1/tasks", fake.task("secret")).ok();
        long id = alice.get("/api/v1/sessions/" + task.path("session_id").asString() + "/messages").ok()
                .get(0).path("id").asLong();
        bob.get("/api/v1/messages/" + id).error(403, 40300);
        alice.get("/api/v1/messages/" + Long.MAX_VALUE).error(404, 40400);
        alice.get("/api/v1/messages/0").error(404, 40400);
        alice.get("/api/v1/messages/abc").error(422, 40000);
        alice.get("/api/v1/messages/1.5").error(422, 40000);
        alice.get("/api/v1/messages/99999999999999999999").error(422, 40000);

        alice.delete("/api/v1/sessions/" + task.path("session_id").asString()).ok();
        alice.get("/api/v1/messages/" + id).error(404, 40400);
    }

    @Test
    void theListIsInOrderAndCappedAt100LikePoco() {
        JsonNode task = alice.post("/api/v1/tasks", fake.task("first")).ok();
        String sessionId = task.path("session_id").asString();
        String runId = task.path("run_id").asString();
        fake.start(runId);
        for (int i = 1; i <= 3; i++) {
            fake.send(sessionId, runId, Sdk.assistantText("step " + i));
        }
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/messages").ok())
                .extracting(m -> m.path("text_preview").asString())
                .containsExactly("first", "step 1", "step 2", "step 3");

        jdbc.sql("""
                INSERT INTO agent_messages (session_id, role, content, text_preview)
                SELECT :s, 'assistant', '{"_type":"AssistantMessage","content":[]}'::jsonb, 'bulk ' || g
                FROM generate_series(1, 120) g""").param("s", UUID.fromString(sessionId)).update();
        JsonNode all = alice.get("/api/v1/sessions/" + sessionId + "/messages").ok();
        assertThat(all).hasSize(100);
        assertThat(all.get(0).path("text_preview").asString()).isEqualTo("first");
    }

    @Test
    void listingAnotherUsersSessionIsForbidden() {
        String sessionId = alice.post("/api/v1/sessions", java.util.Map.of()).ok().path("session_id").asString();
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/messages").ok()).isEmpty();
        bob.get("/api/v1/sessions/" + sessionId + "/messages").error(403, 40300);
        alice.get("/api/v1/sessions/" + UUID.randomUUID() + "/messages").error(404, 40400);
        alice.get("/api/v1/sessions/nope/messages").error(422, 40000);
    }
}
