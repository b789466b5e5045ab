package dev.poco.server.claudemd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Api;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ClaudeMdApiTest extends ApiTest {

    private static final String CLAUDE_MD = "/api/v1/claude-md";
    private static final String INTERNAL = "/api/v1/internal/claude-md";

    @Test
    void aUserWithoutOneGetsTheEmptyDefault() {
        JsonNode none = alice.get(CLAUDE_MD).ok();
        assertThat(none.path("enabled").asBoolean()).isFalse();
        assertThat(none.path("content").asString()).isEmpty();
        assertThat(none.get("updated_at").isNull()).isTrue();
    }

    @Test
    void aUserSavesReplacesAndDeletesTheirClaudeMdAndTheRunnerReadsIt() {
        JsonNode saved = alice.put(CLAUDE_MD, Map.of("content", "# Rules\nAnswer in French.\n")).ok();
        assertThat(saved.path("enabled").asBoolean()).as("enabled defaults to true").isTrue();
        assertThat(saved.path("content").asString()).isEqualTo("# Rules\nAnswer in French.\n");
        assertThat(saved.path("updated_at").asString()).isNotBlank();
        assertThat(alice.get(CLAUDE_MD).ok()).isEqualTo(saved);
        assertThat(internal(alice).ok()).isEqualTo(saved);

        JsonNode disabled = alice.put(CLAUDE_MD, Map.of("enabled", false, "content", "kept")).ok();
        assertThat(disabled.path("enabled").asBoolean()).isFalse();
        assertThat(disabled.path("content").asString()).isEqualTo("kept");
        JsonNode blank = alice.put(CLAUDE_MD, Map.of("enabled", true, "content", "  \n")).ok();
        assertThat(blank.path("enabled").asBoolean()).as("effective: no content, nothing to stage").isFalse();
        assertThat(alice.put(CLAUDE_MD, Map.of()).ok().path("content").asString()).isEmpty();

        assertThat(alice.delete(CLAUDE_MD).ok().path("deleted").asBoolean()).isTrue();
        assertThat(alice.delete(CLAUDE_MD).ok().path("deleted").asBoolean()).as("idempotent").isTrue();
        assertThat(alice.get(CLAUDE_MD).ok().path("updated_at").isNull()).isTrue();
    }

    @Test
    void anotherUsersClaudeMdIsNeitherSeenNorChanged() {
        alice.put(CLAUDE_MD, Map.of("content", "alice's rules")).ok();

        assertThat(bob.get(CLAUDE_MD).ok().path("content").asString()).isEmpty();
        assertThat(internal(bob).ok().path("content").asString()).isEmpty();
        bob.put(CLAUDE_MD, Map.of("content", "bob's rules")).ok();
        bob.delete(CLAUDE_MD).ok();

        assertThat(alice.get(CLAUDE_MD).ok().path("content").asString()).isEqualTo("alice's rules");
        assertThat(internal(alice).ok().path("content").asString()).isEqualTo("alice's rules");
    }

    @Test
    void contentOver64KiBOfUtf8IsRefused() {
        String atLimit = "é".repeat(ClaudeMdService.MAX_BYTES / 2); // 2 bytes each
        assertThat(alice.put(CLAUDE_MD, Map.of("content", atLimit)).ok().path("content").asString()).isEqualTo(atLimit);

        var refused = alice.put(CLAUDE_MD, Map.of("content", atLimit + "x")).error(400, 40000);
        assertThat(refused.message()).isEqualTo("CLAUDE.md is too large (max 65536 bytes)");
        assertThat(alice.get(CLAUDE_MD).ok().path("content").asString()).isEqualTo(atLimit);
    }

    @Test
    void badInputGetsAnEnvelopeNeverA500() {
        alice.put(CLAUDE_MD, "{not json").error(400, 40000);
        alice.put(CLAUDE_MD, Map.of("content", 42)).error(422, 40000);
        alice.put(CLAUDE_MD, Map.of("enabled", "maybe")).error(422, 40000);
        alice.put(CLAUDE_MD, "[1]").error(422, 40000);
        Map<String, Object> nul = new HashMap<>();
        nul.put("content", "a\u0000b");
        alice.put(CLAUDE_MD, nul).error(400, 40000);
        alice.post(CLAUDE_MD, Map.of("content", "x")).error(405, 40000);
    }

    @Test
    void theInternalReadNeedsTheRunnerToken() {
        alice.get(INTERNAL).error(403, 40300);
        alice.withHeader("X-Internal-Token", "wrong").get(INTERNAL).error(403, 40300);
    }

    private dev.poco.testkit.http.Reply internal(Api user) {
        return runner.as(user.headers().get("X-User-Id")).get(INTERNAL);
    }
}
