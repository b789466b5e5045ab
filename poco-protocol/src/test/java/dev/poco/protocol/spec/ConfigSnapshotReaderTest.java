package dev.poco.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.PermissionMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** poco's config snapshots, as Poco writes them and as older poco databases hold them, become valid specs. */
class ConfigSnapshotReaderTest {

    private static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }

    @Test
    void aSnapshotAsTheServerWritesItBecomesTheFullSpec() {
        JsonNode snapshot = json("""
                {"model": "claude-opus-4-1", "browser_enabled": true,
                 "repo_url": "https://github.com/acme/site", "git_branch": "dev", "git_token_env_key": "GH",
                 "mcp_server_ids": [4], "skill_ids": [1, 2], "plugin_ids": [], "subagent_ids": [7],
                 "input_files": [
                   {"id": "a1", "type": "file", "name": "spec.md", "source": "attachments/u/a1/file", "size": 12,
                    "content_type": "text/markdown", "path": null},
                   {"id": null, "type": "url", "name": "docs", "source": "https://example.com/docs"}]}
                """);

        RunSpec spec = ConfigSnapshotReader.read(snapshot, "Do it", "plan", "sdk-1");

        assertThat(spec).isEqualTo(new RunSpec(RunSpec.CURRENT, "Do it",
                List.of(new InputFile.Attachment("a1", "spec.md", "attachments/u/a1/file", 12L, "text/markdown"),
                        new InputFile.Url(null, "docs", "https://example.com/docs")),
                "claude-opus-4-1", PermissionMode.PLAN, new Resume("sdk-1"),
                new Capabilities(List.of(1, 2), List.of(), List.of(4), List.of(7), List.of(), null, List.of(), null),
                NetworkPolicy.NONE, new Repository("https://github.com/acme/site", "dev", "GH"), new Browser(true)));
    }

    @Test
    void theNetworkPolicyTheServerWroteIsReadAndAnythingElseIsNoNetwork() {
        assertThat(network("{\"mode\": \"allowlist\", \"hosts\": [\"pypi.org\", \" *.npmjs.org \", \"\", 3]}"))
                .isEqualTo(new NetworkPolicy.Allowlist(List.of("pypi.org", "*.npmjs.org")));
        assertThat(network("{\"mode\": \"open\"}")).isEqualTo(new NetworkPolicy.Open());
        assertThat(network("{\"mode\": \"none\"}")).isEqualTo(NetworkPolicy.NONE);
        assertThat(network("{\"mode\": \"everything\"}")).isEqualTo(NetworkPolicy.NONE);
        assertThat(network("\"open\"")).isEqualTo(NetworkPolicy.NONE);
        assertThat(ConfigSnapshotReader.read(json("{}"), "p", null, null).network()).isEqualTo(NetworkPolicy.NONE);
    }

    private static NetworkPolicy network(String policy) {
        return ConfigSnapshotReader.read(json("{\"network\": " + policy + "}"), "p", null, null).network();
    }

    @Test
    void noSnapshotGivesAPromptOnlySpec() {
        assertThat(ConfigSnapshotReader.read(null, "hi", null, null)).isEqualTo(RunSpec.of("hi"));
        assertThat(ConfigSnapshotReader.read(json("null"), "hi", "default", " ")).isEqualTo(RunSpec.of("hi"));
        assertThat(ConfigSnapshotReader.read(json("[1]"), "hi", "bogus", null)).isEqualTo(RunSpec.of("hi"));
        assertThat(ConfigSnapshotReader.read(json("{}"), "hi", "acceptEdits", "s").permissionMode())
                .isEqualTo(PermissionMode.ACCEPT_EDITS);
    }

    @Test
    void legacyAndMistypedValuesAreReadLenientlyWithoutFailing() {
        JsonNode snapshot = json("""
                {"model": 5, "browser_enabled": "yes", "repo_url": "", "skill_ids": ["3", "x", 3, 4.5],
                 "mcp_config": {"1": true}, "container_mode": "persistent", "subagent_ids": "all",
                 "input_files": [
                   {"s3_key": "attachments/u/old/file"},
                   {"type": "file", "id": "only-id", "key": "attachments/u/k/file"},
                   {"type": "file", "name": "lost"},
                   {"type": "github", "source": "https://github.com/a/b"},
                   "not an object"]}
                """);

        RunSpec spec = ConfigSnapshotReader.read(snapshot, "p", "default", null);

        assertThat(spec.model()).isNull();
        assertThat(spec.browser()).isEqualTo(Browser.DISABLED);
        assertThat(spec.repository()).isNull();
        assertThat(spec.capabilities().skillIds()).containsExactly(3);
        assertThat(spec.capabilities().subagentIds()).as("no list: the user's enabled subagents").isNull();
        assertThat(spec.inputFiles()).containsExactly(
                new InputFile.Attachment(null, "attachments/u/old/file", "attachments/u/old/file", null, null),
                new InputFile.Attachment("only-id", "only-id", "attachments/u/k/file", null, null),
                new InputFile.Attachment(null, "lost", "", null, null),
                new InputFile.Url(null, "https://github.com/a/b", "https://github.com/a/b"));
    }

    @Test
    void inputFilesOfOddShapesBecomeWhatTheStagerNeeds() {
        JsonNode snapshot = json("""
                {"input_files": [
                   {"type": "file", "id": " ", "name": "  ", "source": "attachments/u/1/file", "size": "12",
                    "content_type": 7},
                   {"type": "file", "id": "a2", "source": "  ", "s3_key": "attachments/u/2/file", "size": 3.5},
                   {"type": "url", "source": "https://example.com/x"},
                   {"type": 4, "name": "typed by number", "source": "k"},
                   {}]}
                """);

        assertThat(ConfigSnapshotReader.read(snapshot, "p", null, null).inputFiles()).containsExactly(
                new InputFile.Attachment(null, "attachments/u/1/file", "attachments/u/1/file", null, null),
                new InputFile.Attachment("a2", "a2", "attachments/u/2/file", null, null),
                new InputFile.Url(null, "https://example.com/x", "https://example.com/x"),
                new InputFile.Attachment(null, "typed by number", "k", null, null),
                new InputFile.Attachment(null, "", "", null, null));
        assertThat(ConfigSnapshotReader.read(json("""
                {"input_files": {"type": "file", "source": "k"}}"""), "p", null, null).inputFiles())
                .as("not an array: no inputs").isEmpty();
        assertThat(ConfigSnapshotReader.read(json("""
                {"input_files": null}"""), "p", null, null).inputFiles()).isEmpty();
    }

    @Test
    void localFoldersAreReadAndEntriesThatCannotBeAreLeftOut() {
        JsonNode snapshot = json("""
                {"local_folders": [{"path": "/srv/docs", "mode": "ro", "name": "docs"},
                  {"path": "/srv/app", "mode": "RW", "name": "app"},
                  {"path": "/srv/x", "mode": "rwx", "name": "x"}, {"path": "/srv/y", "mode": "ro", "name": "../y"},
                  {"path": "/srv/z", "mode": "ro", "name": "docs"}, "junk"]}
                """);

        RunSpec spec = ConfigSnapshotReader.read(snapshot, "p", null, null);

        assertThat(spec.localFolders()).containsExactly(new LocalFolder("/srv/docs", LocalFolder.Mode.RO, "docs"),
                new LocalFolder("/srv/app", LocalFolder.Mode.RW, "app"));
        assertThat(spec.localFolders().get(1).sandboxPath()).isEqualTo("/mnt/app");
        assertThat(JsonMapper.shared().readValue(JsonMapper.shared().writeValueAsString(spec), RunSpec.class))
                .isEqualTo(spec);
    }
}
