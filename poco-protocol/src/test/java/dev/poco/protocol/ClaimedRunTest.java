package dev.poco.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.spec.InputFile;
import dev.poco.protocol.spec.Resume;
import dev.poco.protocol.spec.RunSpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The claim answer keeps poco's fields and carries the typed spec; one without a spec is read from poco's. */
class ClaimedRunTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String RUN = """
            {"run_id": "7b1c0f4e-3f59-4a0e-9d52-6f0f2b3e4a10", "session_id": "0c7d2d1e-1a4b-4f7e-9b1e-2c3d4e5f6a7b",
             "user_message_id": 3, "status": "claimed", "permission_mode": "plan", "progress": 0,
             "schedule_mode": "immediate", "scheduled_at": "2026-01-01T00:00:00Z", "attempts": 0,
             "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}
            """;

    @Test
    void pocosClaimAnswerWithoutASpecIsReadFromItsConfigSnapshot() {
        ClaimedRun claim = JSON.readValue("""
                {"run": %s, "user_id": "alice", "prompt": "Read it", "sdk_session_id": "sdk-9",
                 "config_snapshot": {"model": "m", "input_files": [{"type": "file", "name": "a", "source": "k"}]}}
                """.formatted(RUN), ClaimedRun.class);

        assertThat(claim.spec().prompt()).isEqualTo("Read it");
        assertThat(claim.spec().model()).isEqualTo("m");
        assertThat(claim.spec().permissionMode()).isEqualTo(PermissionMode.PLAN);
        assertThat(claim.spec().resume()).isEqualTo(new Resume("sdk-9"));
        assertThat(claim.spec().inputFiles()).containsExactly(new InputFile.Attachment(null, "a", "k", null, null));
    }

    @Test
    void theServersClaimCarriesBothShapesAndRoundTrips() {
        RunView run = JSON.readValue(RUN, RunView.class);
        JsonNode snapshot = JSON.readTree("{\"model\": \"m\", \"browser_enabled\": true}");
        ClaimedRun claim = ClaimedRun.of(run, "alice", "hi", snapshot, null);

        JsonNode wire = JSON.valueToTree(claim);

        assertThat(wire.path("config_snapshot")).isEqualTo(snapshot);
        assertThat(wire.path("spec").path("model").asString()).isEqualTo("m");
        assertThat(wire.path("spec").path("browser").path("enabled").asBoolean()).isTrue();
        ClaimedRun parsed = JSON.treeToValue(wire, ClaimedRun.class);
        assertThat(parsed.spec()).isEqualTo(claim.spec());
        assertThat(parsed.spec()).isNotEqualTo(RunSpec.of("hi"));
    }
}
