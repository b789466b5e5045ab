package dev.poco.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /models}: DEFAULT_MODEL and MODEL_LIST as configured (reference §3.20). */
class ModelApiTest extends ApiTest {

    @Test
    void listsTheDefaultModelAndTheAllowedOthers() {
        JsonNode models = bob.get("/api/v1/models").ok();
        assertThat(models.path("default_model").asString()).isEqualTo("claude-sonnet-4-6");
        assertThat(models.path("model_list")).extracting(JsonNode::asString)
                .containsExactly("claude-opus-4-1", "claude-haiku-4-5");
        assertThat(models.size()).isEqualTo(2);
        assertThat(alice.get("/api/v1/models").ok()).as("the same for every user").isEqualTo(models);
    }

    @Test
    void theSystemStatusSaysNoModelKeyIsConfigured() {
        JsonNode status = alice.get("/api/v1/system/status").ok();
        assertThat(status.path("model_configured").asBoolean()).as("the test server has no ANTHROPIC_API_KEY").isFalse();
        assertThat(status.path("auth_mode").asString()).isEqualTo("trusted_header");
        assertThat(status.path("default_model").asString()).isEqualTo("claude-sonnet-4-6");
        assertThat(status.toString()).doesNotContain("api_key").doesNotContain("auth_token");
    }

    @Test
    void onlyGetIsAllowed() {
        alice.post("/api/v1/models", "{}").error(405, 40000);
    }
}
