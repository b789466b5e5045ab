package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The agent's memory across sessions, the whole product: in a first session the fake model calls the built-in
 * {@code __poco_memory} tool to store a fact, which the runner forwards to the server for the session's owner; in a
 * second session its search finds it. Another user's search does not.
 */
class MemoryTest extends EndToEndTest {

    private static final String CREATE = "mcp____poco_memory__memory_create";
    private static final String SEARCH = "mcp____poco_memory__memory_search";

    @Test
    void aMemoryStoredByTheAgentInOneSessionIsFoundByItsSearchInTheNext() {
        MODEL.when(r -> r.toolNames().contains(CREATE) && !r.hasToolResult()
                        && r.lastUserPrompt().contains("I like green tea"),
                Reply.toolUse(CREATE, Map.of("text", "The user likes green tea")));
        MODEL.when(r -> r.toolNames().contains(CREATE) && r.hasToolResult()
                        && r.body().contains("I like green tea"), Reply.text("Noted."));
        JsonNode first = task(alice, Map.of("prompt", "Remember this: I like green tea"));
        assertThat(awaitSession(alice, first.path("session_id").asString(), "completed", "failed")
                .path("status").asString()).isEqualTo("completed");

        JsonNode stored = alice.get("/api/v1/memories").ok().path("results");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).path("memory").asString()).isEqualTo("The user likes green tea");
        assertThat(stored.get(0).path("user_id").asString()).isEqualTo(userOf(alice));

        MODEL.when(r -> r.toolNames().contains(SEARCH) && !r.hasToolResult()
                        && r.lastUserPrompt().contains("What do I like to drink?"),
                Reply.toolUse(SEARCH, Map.of("query", "drink tea")));
        MODEL.when(r -> r.toolNames().contains(SEARCH) && r.hasToolResult()
                        && r.body().contains("What do I like to drink?"), Reply.text("You like green tea."));
        JsonNode second = task(alice, Map.of("prompt", "What do I like to drink?"));
        assertThat(second.path("session_id").asString()).isNotEqualTo(first.path("session_id").asString());
        assertThat(awaitSession(alice, second.path("session_id").asString(), "completed", "failed")
                .path("status").asString()).isEqualTo("completed");

        RecordedRequest answered = MODEL.messageRequests().stream()
                .filter(r -> r.hasToolResult() && r.body().contains("What do I like to drink?"))
                .reduce((a, b) -> b).orElseThrow();
        String result = answered.toolResultContent(answered.toolResultIds().getLast()).orElseThrow();
        assertThat(result).startsWith("memory_search\n").contains("The user likes green tea");

        assertThat(bob.post("/api/v1/memories/search", Map.of("query", "green tea")).ok().path("results")).isEmpty();
        List<String> firstTools = MODEL.messageRequests().getFirst().toolNames();
        assertThat(firstTools).as("the memory tools are offered").contains(CREATE, SEARCH);
    }

    @Test
    void aUserWhoTurnedMemoryOffGetsNoMemoryTools() {
        alice.put("/api/v1/memories/settings", Map.of("enabled", false)).ok();
        MODEL.when(r -> r.lastUserPrompt().contains("no memory please"), Reply.text("Fine."));
        JsonNode run = task(alice, Map.of("prompt", "no memory please"));
        assertThat(awaitSession(alice, run.path("session_id").asString(), "completed", "failed")
                .path("status").asString()).isEqualTo("completed");
        RecordedRequest request = MODEL.messageRequests().stream()
                .filter(r -> r.lastUserPrompt().contains("no memory please")).findFirst().orElseThrow();
        assertThat(request.toolNames()).noneMatch(t -> t.startsWith("mcp____poco_memory__"));
    }
}
