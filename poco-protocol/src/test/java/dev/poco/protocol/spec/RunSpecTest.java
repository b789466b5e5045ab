package dev.poco.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.PermissionMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The spec's JSON: round trips, reads newer and older documents, and keeps its wire names. */
class RunSpecTest {

    /** Strict about unknown properties, so the records' own annotation is what lets them through. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static RunSpec full() {
        return new RunSpec(RunSpec.CURRENT, "Summarise the report",
                List.of(new InputFile.Attachment("a1", "report.pdf", "attachments/alice/a1/file", 1234L,
                                "application/pdf"),
                        new InputFile.Url(null, "docs", "https://example.com/docs")),
                "claude-opus-4-1", PermissionMode.PLAN, new Resume("sdk-123"),
                new Capabilities(List.of(1, 2), List.of(3), List.of(4), List.of(), List.of("deploy"), "Be brief.",
                        List.of("GITHUB_TOKEN"), new ResolvedCapabilities(List.of("pdf"), List.of(), List.of("github"),
                                List.of("reviewer"), "f00d")),
                new NetworkPolicy.Allowlist(List.of("pypi.org", "*.github.com")),
                new Repository("https://github.com/acme/site", "dev", "GITHUB_TOKEN"), new Browser(true));
    }

    @Test
    void aFullSpecSurvivesSerializeAndParse() {
        RunSpec spec = full();

        String json = JSON.writeValueAsString(spec);

        assertThat(JSON.readValue(json, RunSpec.class)).isEqualTo(spec);
    }

    @Test
    void everyVariantOfTheSealedSectionsRoundTrips() {
        for (NetworkPolicy policy : List.of(NetworkPolicy.NONE, new NetworkPolicy.Open(),
                new NetworkPolicy.Allowlist(List.of("a.example")))) {
            RunSpec spec = RunSpec.of("p").withInputFiles(List.of(new InputFile.Url("u", "n", "https://x.example")));
            spec = new RunSpec(spec.version(), spec.prompt(), spec.inputFiles(), null, PermissionMode.ACCEPT_EDITS,
                    null, Capabilities.NONE, policy, null, Browser.DISABLED);
            assertThat(JSON.readValue(JSON.writeValueAsString(spec), RunSpec.class)).isEqualTo(spec);
        }
    }

    @Test
    void theWireUsesSnakeCaseTypeTagsAndTheCliNamesOfPermissionModes() {
        JsonNode tree = JSON.valueToTree(full());

        assertThat(tree.path("version").asInt()).isEqualTo(1);
        assertThat(tree.path("permission_mode").asString()).isEqualTo("plan");
        assertThat(tree.path("resume").path("sdk_session_id").asString()).isEqualTo("sdk-123");
        assertThat(tree.path("input_files").get(0).path("type").asString()).isEqualTo("file");
        assertThat(tree.path("input_files").get(0).path("content_type").asString()).isEqualTo("application/pdf");
        assertThat(tree.path("input_files").get(1).path("type").asString()).isEqualTo("url");
        assertThat(tree.path("network").path("mode").asString()).isEqualTo("allowlist");
        assertThat(tree.path("capabilities").path("mcp_server_ids").get(0).asInt()).isEqualTo(4);
        assertThat(tree.path("repository").path("token_env_key").asString()).isEqualTo("GITHUB_TOKEN");
        assertThat(tree.path("browser").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void unknownFieldsInEverySectionAreIgnored() {
        String newer = """
                {"version": 7, "prompt": "hi", "future_section": {"x": 1},
                 "input_files": [{"type": "file", "name": "a", "source": "k", "checksum": "abc"}],
                 "capabilities": {"skill_ids": [9], "hooks": []},
                 "network": {"mode": "allowlist", "hosts": ["a.example"], "ports": [443]},
                 "repository": {"url": "https://github.com/a/b", "depth": 1},
                 "browser": {"enabled": true, "viewport": "1366x768"},
                 "resume": {"sdk_session_id": "s", "fork": true}}
                """;

        RunSpec spec = JSON.readValue(newer, RunSpec.class);

        assertThat(spec.version()).isEqualTo(7);
        assertThat(spec.inputFiles()).containsExactly(new InputFile.Attachment(null, "a", "k", null, null));
        assertThat(spec.capabilities().skillIds()).containsExactly(9);
        assertThat(spec.network()).isEqualTo(new NetworkPolicy.Allowlist(List.of("a.example")));
        assertThat(spec.repository()).isEqualTo(new Repository("https://github.com/a/b", null, null));
        assertThat(spec.browser().enabled()).isTrue();
        assertThat(spec.resume()).isEqualTo(new Resume("s"));
    }

    @Test
    void missingSectionsGetTheirDefaults() {
        RunSpec spec = JSON.readValue("{\"prompt\": \"hi\"}", RunSpec.class);

        assertThat(spec).isEqualTo(RunSpec.of("hi"));
        assertThat(spec.version()).isEqualTo(RunSpec.CURRENT);
        assertThat(spec.inputFiles()).isEmpty();
        assertThat(spec.model()).isNull();
        assertThat(spec.permissionMode()).isEqualTo(PermissionMode.DEFAULT);
        assertThat(spec.capabilities()).isEqualTo(Capabilities.NONE);
        assertThat(spec.network()).isInstanceOf(NetworkPolicy.None.class);
        assertThat(spec.browser()).isEqualTo(Browser.DISABLED);
        assertThat(JSON.readValue("""
                {"prompt": "hi", "version": null, "network": null, "capabilities": {}, "browser": {}}
                """, RunSpec.class)).isEqualTo(RunSpec.of("hi"));
    }

    @Test
    void valuesANewerServerInventedFallBackToTheSafeReading() {
        RunSpec spec = JSON.readValue("""
                {"prompt": "hi", "permission_mode": "autoEverything", "network": {"mode": "vpn"},
                 "input_files": [{"type": "github_repo", "name": "site", "url": "https://github.com/a/b"}]}
                """, RunSpec.class);

        assertThat(spec.permissionMode()).isEqualTo(PermissionMode.DEFAULT);
        assertThat(spec.network()).as("a policy we cannot enforce is no network").isEqualTo(NetworkPolicy.NONE);
        assertThat(spec.inputFiles()).as("an unknown input is only mentioned, never fetched")
                .containsExactly(new InputFile.Url(null, "site", "https://github.com/a/b"));
    }
}
