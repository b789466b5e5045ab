package dev.poco.server.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.server.common.BadRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

class NetworkPoliciesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> DEFAULTS = List.of("pypi.org", "*.npmjs.org");

    private final NetworkPolicies none = policies("none");

    private static NetworkPolicies policies(String defaultMode) {
        return new NetworkPolicies(new NetworkProperties(defaultMode, DEFAULTS));
    }

    private static NetworkConfig config(String mode, String... hosts) {
        return new NetworkConfig(mode, Arrays.asList(hosts));
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void normalisingLowersTheModeParsesAndDeduplicatesTheHosts() {
        assertThat(none.normalise(config(" AllowList ", "PyPI.org", "pypi.org.", "*.Example.com:443")))
                .isEqualTo(config("allowlist", "pypi.org", "*.example.com:443"));
        assertThat(none.normalise(new NetworkConfig("open", null))).isEqualTo(config("open"));
        assertThat(none.normalise(config("none"))).isEqualTo(config("none"));
    }

    @Test
    void everyBadConfigIsRefusedWithAMessageForTheUser() {
        assertThatThrownBy(() -> none.normalise(config("closed"))).isInstanceOf(BadRequestException.class)
                .hasMessage("Unknown network mode \"closed\": use none, allowlist or open.");
        assertThatThrownBy(() -> none.normalise(new NetworkConfig(null, List.of("pypi.org"))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("network.mode is required");
        assertThatThrownBy(() -> none.normalise(config("allowlist", "pypi.org", "https://pypi.org/simple")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("Host pattern \"https://pypi.org/simple\" is not valid: write a host name");
        assertThatThrownBy(() -> none.normalise(new NetworkConfig("allowlist", Arrays.asList("pypi.org", null))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("it is empty");
        assertThatThrownBy(() -> none.normalise(config("allowlist", "a".repeat(5000))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("longer than 300 characters")
                .matches(e -> e.getMessage().length() < 200, "does not echo the whole entry");
        assertThatThrownBy(() -> none.normalise(config("open", "pypi.org"))).isInstanceOf(BadRequestException.class)
                .hasMessage("network.hosts only goes with mode \"allowlist\"; mode \"open\" takes no hosts.");
        List<String> many = new ArrayList<>(IntStream.range(0, 201).mapToObj(i -> "h" + i + ".example.com").toList());
        assertThatThrownBy(() -> none.normalise(new NetworkConfig("allowlist", List.copyOf(many))))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("network.hosts may name at most 200 hosts; it names 201.");
        many.removeLast();
        assertThat(none.normalise(new NetworkConfig("allowlist", List.copyOf(many))).hosts()).hasSize(200);
    }

    @Test
    void withoutAChoiceARunGetsTheServerDefault() {
        assertThat(none.effective(null, null)).isEqualTo(json("{\"mode\":\"none\"}"));
        assertThat(none.effective(NullNode.getInstance(), null)).isEqualTo(json("{\"mode\":\"none\"}"));
        assertThat(policies("open").effective(null, null)).isEqualTo(json("{\"mode\":\"open\"}"));
        assertThat(policies("allowlist").effective(null, null))
                .isEqualTo(json("{\"mode\":\"allowlist\",\"hosts\":[\"pypi.org\",\"*.npmjs.org\"]}"));
    }

    @Test
    void theProjectOverridesTheDefaultAndTheSessionOverridesTheProject() {
        assertThat(none.effective(null, config("open"))).isEqualTo(json("{\"mode\":\"open\"}"));
        assertThat(policies("open").effective(json("{\"mode\":\"none\",\"hosts\":[]}"), config("open")))
                .isEqualTo(json("{\"mode\":\"none\"}"));
    }

    @Test
    void anAllowlistIsTheDefaultsPlusTheUsersHostsOnce() {
        assertThat(none.effective(json("{\"mode\":\"allowlist\",\"hosts\":[\"example.com\",\"pypi.org\"]}"), null))
                .isEqualTo(json("{\"mode\":\"allowlist\",\"hosts\":[\"pypi.org\",\"*.npmjs.org\",\"example.com\"]}"));
        assertThat(none.effective(null, config("allowlist", "127.0.0.1:8080")))
                .isEqualTo(json("{\"mode\":\"allowlist\",\"hosts\":[\"pypi.org\",\"*.npmjs.org\",\"127.0.0.1:8080\"]}"));
    }

    @Test
    void aStoredChoiceThatCannotBeReadIsNoNetwork() {
        NetworkPolicies open = policies("open");
        assertThat(open.effective(json("\"open\""), null)).isEqualTo(json("{\"mode\":\"none\"}"));
        assertThat(open.effective(json("{\"mode\":\"sometimes\"}"), null)).isEqualTo(json("{\"mode\":\"none\"}"));
        assertThat(open.effective(json("{\"mode\":\"allowlist\",\"hosts\":[\"http://x\"]}"), null))
                .isEqualTo(json("{\"mode\":\"none\"}"));
    }

    @Test
    void applyingReplacesTheUsersChoiceInARunsSnapshot() {
        ObjectNode run = (ObjectNode) json("{\"model\":\"m\",\"network\":{\"mode\":\"allowlist\",\"hosts\":[\"a.io\"]}}");
        none.applyTo(run, config("open"));
        assertThat(run).isEqualTo(json(
                "{\"model\":\"m\",\"network\":{\"mode\":\"allowlist\",\"hosts\":[\"pypi.org\",\"*.npmjs.org\",\"a.io\"]}}"));
        ObjectNode bare = (ObjectNode) json("{}");
        none.applyTo(bare, null);
        assertThat(bare).isEqualTo(json("{\"network\":{\"mode\":\"none\"}}"));
    }
}
