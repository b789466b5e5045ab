package dev.poco.runner.capabilities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** poco's placeholder rules: {@code ${VAR}}, {@code ${env:VAR}}, {@code ${VAR:-default}}, one pass, keys untouched. */
class PlaceholdersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> ENV = Map.of("TOKEN", "t0k", "HOST", "api.example", "LOOP", "${TOKEN}");

    @Test
    void everyFormIsSubstitutedInNestedStringsButNotInKeys() {
        JsonNode definition = JSON.readTree("""
                {"command": "npx", "args": ["--token=${TOKEN}", "${env:HOST}"], "env": {"${TOKEN}": "${MISSING:-fallback}",
                 "EMPTY": "${MISSING:-}", "PORT": 8080, "LOOP": "${LOOP}"}}""");

        JsonNode substituted = Placeholders.substitute(definition, ENV, "MCP server 'x'");

        assertThat(substituted).isEqualTo(JSON.readTree("""
                {"command": "npx", "args": ["--token=t0k", "api.example"], "env": {"${TOKEN}": "fallback",
                 "EMPTY": "", "PORT": 8080, "LOOP": "${TOKEN}"}}"""));
        assertThat(definition.path("args").get(0).asString()).as("the input is not changed").isEqualTo("--token=${TOKEN}");
    }

    @Test
    void aMissingVariableWithoutDefaultNamesItAndItsUserButNoValue() {
        assertThatThrownBy(() -> Placeholders.substitute("Bearer ${TOKEN} for ${env:GITHUB_TOKEN}", ENV,
                "MCP server 'github'"))
                .isInstanceOf(CapabilityException.class)
                .hasMessage("MCP server 'github' needs the secret GITHUB_TOKEN: add it under Settings → Secrets");
    }

    @Test
    void textWithoutPlaceholdersOrWithRegexCharactersInValuesIsKept() {
        assertThat(Placeholders.substitute("plain $HOME {x}", ENV, "x")).isEqualTo("plain $HOME {x}");
        assertThat(Placeholders.substitute("${V}", Map.of("V", "a$1\\b"), "x")).isEqualTo("a$1\\b");
    }
}
