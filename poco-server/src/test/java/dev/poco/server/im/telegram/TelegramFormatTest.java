package dev.poco.server.im.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TelegramFormatTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "plain text|plain text",
        "a < b && c > d|a &lt; b &amp;&amp; c &gt; d",
        "**bold** and `x < y`|<b>bold</b> and <code>x &lt; y</code>",
        "see [docs](https://example.com/a?b=1&c=2)|see <a href=\"https://example.com/a?b=1&amp;c=2\">docs</a>",
        "# Title|<b>Title</b>",
        "- item|• item",
        "`**not bold**`|<code>**not bold**</code>",
        "2 ** 3 ** 4|2 ** 3 ** 4",
        "snake_case_name|snake_case_name",
    })
    void markdownBecomesTelegramHtml(String markdown, String html) {
        assertThat(TelegramFormat.html(markdown)).isEqualTo(html);
    }

    @Test
    void fencedCodeIsPreformattedAndEscaped() {
        assertThat(TelegramFormat.html("before\n```java\nif (a < b) {}\n```\nafter"))
                .isEqualTo("before\n<pre><code class=\"language-java\">if (a &lt; b) {}</code></pre>\nafter");
    }

    @Test
    void plainTextIsSplitAfterNewlinesWithinTheLimit() {
        String text = "x".repeat(3000) + "\n" + "y".repeat(3000) + "\n" + "z".repeat(100);
        List<String> parts = TelegramFormat.splitPlain(text, 4096);
        assertThat(parts).containsExactly("x".repeat(3000) + "\n", "y".repeat(3000) + "\n" + "z".repeat(100));
        assertThat(String.join("", TelegramFormat.splitPlain("a".repeat(10_000), 4096))).isEqualTo("a".repeat(10_000));
        assertThat(TelegramFormat.splitPlain("a".repeat(10_000), 4096)).allMatch(p -> p.length() <= 4096);
    }

    @Test
    void aCodeBlockCutInTwoIsClosedAndReopened() {
        StringBuilder code = new StringBuilder("```sh\n");
        for (int i = 0; i < 400; i++) {
            code.append("echo line ").append(i).append('\n');
        }
        code.append("```");
        List<String> parts = TelegramFormat.markdownParts(code.toString());
        assertThat(parts).hasSizeGreaterThan(1);
        for (String part : parts) {
            assertThat(part.length()).isLessThanOrEqualTo(TelegramFormat.LIMIT);
            assertThat(part).startsWith("<pre><code class=\"language-sh\">").endsWith("</code></pre>");
        }
    }

    @Test
    void escapingThatGrowsAPartBeyondTheLimitSplitsItFurther() {
        List<String> parts = TelegramFormat.markdownParts("<&>".repeat(3000));
        assertThat(parts).allMatch(p -> p.length() <= TelegramFormat.LIMIT);
        assertThat(String.join("", parts.stream().map(TelegramFormat::toPlain).toList())).isEqualTo("<&>".repeat(3000));
    }
}
