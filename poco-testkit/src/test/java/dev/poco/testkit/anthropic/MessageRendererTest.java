package dev.poco.testkit.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageRendererTest {

    @Test
    void wordsKeepTheirTrailingWhitespaceAndJoinBackToTheText() {
        assertThat(MessageRenderer.words("Hello  big\nworld ")).containsExactly("Hello  ", "big\n", "world ");
        assertThat(MessageRenderer.words(" lead")).containsExactly(" ", "lead");
        assertThat(MessageRenderer.words("")).isEmpty();
    }

    @Test
    void jsonPartsAreAtLeastTwoAndNeverSplitASurrogatePair() {
        assertThat(MessageRenderer.jsonParts("{}")).containsExactly("{", "}");
        String json = "{\"text\":\"" + "\uD83D\uDE00".repeat(40) + "\"}";
        assertThat(MessageRenderer.jsonParts(json)).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(part -> {
                    assertThat(Character.isHighSurrogate(part.charAt(part.length() - 1))).isFalse();
                    assertThat(Character.isLowSurrogate(part.charAt(0))).isFalse();
                });
        assertThat(String.join("", MessageRenderer.jsonParts(json))).isEqualTo(json);
    }

    @Test
    void generatedIdsLookLikeTheRealOnes() {
        assertThat(MessageRenderer.newId("toolu_")).matches("toolu_01[0-9A-Za-z]{22}")
                .isNotEqualTo(MessageRenderer.newId("toolu_"));
    }
}
