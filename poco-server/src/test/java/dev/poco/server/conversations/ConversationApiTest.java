package dev.poco.server.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.testkit.http.Reply;
import dev.poco.server.support.Sdk;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Messages joined with their attachments: messages-with-files, its delta, and message-attachments. */
class ConversationApiTest extends ApiTest {

    private FakeRunner fake;

    @BeforeEach
    void fakeRunner() {
        fake = new FakeRunner(runner);
    }

    private JsonNode upload(String name, String text) {
        return alice.multipart("/api/v1/attachments/upload", "file", name, "text/plain",
                text.getBytes(StandardCharsets.UTF_8)).ok();
    }

    private Map<String, Object> withFiles(Map<String, Object> body, Object... files) {
        body.put("config", Map.of("input_files", List.of(files)));
        return body;
    }

    @Test
    void messagesCarryTheFilesOfTheirRunWithUrlsForOwnUploads() {
        JsonNode uploaded = upload("notes.txt", "some notes");
        Map<String, Object> link = Map.of("type", "url", "name", "spec", "source", "https://example.com/spec.pdf");
        JsonNode task = alice.post("/api/v1/tasks", withFiles(fake.task("read these"), uploaded, link)).ok();
        String sessionId = task.path("session_id").asString();
        String runId = task.path("run_id").asString();
        fake.start(runId);
        fake.send(sessionId, runId, Sdk.assistantText("Read them."));
        fake.complete(sessionId, runId);

        Reply reply = alice.get("/api/v1/sessions/" + sessionId + "/messages-with-files");
        JsonNode items = reply.ok();
        assertThat(reply.header("X-Last-Event-ID")).matches("\\d+");
        assertThat(items).hasSize(2);
        JsonNode prompt = items.get(0);
        assertThat(prompt.path("role").asString()).isEqualTo("user");
        assertThat(prompt.path("text_preview").asString()).isEqualTo("read these");
        JsonNode files = prompt.path("attachments");
        assertThat(files).hasSize(2);
        assertThat(files.get(0).path("name").asString()).isEqualTo("notes.txt");
        assertThat(files.get(0).path("source").asString()).isEqualTo(uploaded.path("source").asString());
        assertThat(files.get(0).path("url").asString())
                .isEqualTo("/api/v1/attachments/" + uploaded.path("id").asString() + "/content");
        assertThat(alice.get(files.get(0).path("url").asString()).body()).isEqualTo("some notes");
        assertThat(files.get(1).path("type").asString()).isEqualTo("url");
        assertThat(files.get(1).path("url").isNull()).as("only own uploads get a URL").isTrue();
        assertThat(items.get(1).path("attachments")).as("an empty list, not null").isEmpty();
        assertThat(items.get(1).path("attachments").isArray()).isTrue();

        JsonNode attachments = alice.get("/api/v1/sessions/" + sessionId + "/message-attachments").ok();
        assertThat(attachments).hasSize(1);
        assertThat(attachments.get(0).path("message_id").asLong()).isEqualTo(prompt.path("id").asLong());
        assertThat(attachments.get(0).path("attachments")).hasSize(2);
    }

    @Test
    void someoneElsesUploadCannotBeStagedIntoAPrompt() {
        JsonNode bobsFile = bob.multipart("/api/v1/attachments/upload", "file", "b.txt", "text/plain",
                "bob".getBytes(StandardCharsets.UTF_8)).ok();
        alice.post("/api/v1/tasks", withFiles(fake.task("steal"), bobsFile)).error(403, 40300);
    }

    @Test
    void theLastEventIdGrowsAsTheSessionChanges() {
        JsonNode task = alice.post("/api/v1/tasks", fake.task("hi")).ok();
        String sessionId = task.path("session_id").asString();
        long before = Long.parseLong(alice.get("/api/v1/sessions/" + sessionId + "/messages-with-files")
                .header("X-Last-Event-ID"));
        fake.start(task.path("run_id").asString());
        fake.send(sessionId, task.path("run_id").asString(), Sdk.assistantText("hello"));
        long after = Long.parseLong(alice.get("/api/v1/sessions/" + sessionId + "/messages-with-files/delta")
                .header("X-Last-Event-ID"));
        assertThat(after).isGreaterThan(before);
    }

    @Test
    void theDeltaPagesByMessageIdCursor() {
        JsonNode task = alice.post("/api/v1/tasks", fake.task("one")).ok();
        String sessionId = task.path("session_id").asString();
        String runId = task.path("run_id").asString();
        fake.start(runId);
        fake.send(sessionId, runId, Sdk.assistantText("two"));
        fake.send(sessionId, runId, Sdk.assistantText("three"));
        String base = "/api/v1/sessions/" + sessionId + "/messages-with-files/delta";

        JsonNode all = alice.get(base).ok();
        assertThat(all.path("items")).extracting(m -> m.path("text_preview").asString())
                .containsExactly("one", "two", "three");
        assertThat(all.path("has_more").asBoolean()).isFalse();
        long last = all.path("items").get(2).path("id").asLong();
        assertThat(all.path("next_after_message_id").asLong()).isEqualTo(last);

        JsonNode page = alice.get(base + "?after_message_id=0&limit=2").ok();
        assertThat(page.path("items")).hasSize(2);
        assertThat(page.path("has_more").asBoolean()).isTrue();
        long cursor = page.path("next_after_message_id").asLong();
        assertThat(cursor).isEqualTo(page.path("items").get(1).path("id").asLong());
        JsonNode rest = alice.get(base + "?after_message_id=" + cursor + "&limit=2").ok();
        assertThat(rest.path("items")).extracting(m -> m.path("text_preview").asString()).containsExactly("three");
        assertThat(rest.path("has_more").asBoolean()).isFalse();

        JsonNode nothing = alice.get(base + "?after_message_id=" + last).ok();
        assertThat(nothing.path("items")).isEmpty();
        assertThat(nothing.path("next_after_message_id").asLong()).as("the cursor is echoed").isEqualTo(last);
        assertThat(nothing.path("has_more").asBoolean()).isFalse();

        fake.send(sessionId, runId, Sdk.assistantText("four"));
        assertThat(alice.get(base + "?after_message_id=" + last).ok().path("items"))
                .extracting(m -> m.path("text_preview").asString()).containsExactly("four");
    }

    @Test
    void anEmptySessionHasNoCursor() {
        String sessionId = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        JsonNode delta = alice.get("/api/v1/sessions/" + sessionId + "/messages-with-files/delta").ok();
        assertThat(delta.path("items")).isEmpty();
        assertThat(delta.path("next_after_message_id").isNull()).isTrue();
        assertThat(delta.path("has_more").asBoolean()).isFalse();
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/messages-with-files").ok()).isEmpty();
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/message-attachments").ok()).isEmpty();
    }

    @Test
    void badCursorsAndLimitsAreRefused() {
        String sessionId = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        String base = "/api/v1/sessions/" + sessionId + "/messages-with-files/delta";
        alice.get(base + "?after_message_id=-1").error(422, 40000);
        alice.get(base + "?after_message_id=abc").error(422, 40000);
        alice.get(base + "?limit=0").error(422, 40000);
        alice.get(base + "?limit=1001").error(422, 40000);
        alice.get(base + "?limit=-3").error(422, 40000);
        alice.get(base + "?limit=abc").error(422, 40000);
    }

    @Test
    void anotherUsersConversationIsForbidden() {
        String sessionId = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        bob.get("/api/v1/sessions/" + sessionId + "/messages-with-files").error(403, 40300);
        bob.get("/api/v1/sessions/" + sessionId + "/messages-with-files/delta").error(403, 40300);
        bob.get("/api/v1/sessions/" + sessionId + "/message-attachments").error(403, 40300);
        String unknown = UUID.randomUUID().toString();
        alice.get("/api/v1/sessions/" + unknown + "/messages-with-files").error(404, 40400);
        alice.get("/api/v1/sessions/" + unknown + "/messages-with-files/delta").error(404, 40400);
        alice.get("/api/v1/sessions/" + unknown + "/message-attachments").error(404, 40400);
        alice.get("/api/v1/sessions/x/message-attachments").error(422, 40000);
    }
}
