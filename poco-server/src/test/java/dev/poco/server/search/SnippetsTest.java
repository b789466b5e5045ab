package dev.poco.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.search.SearchResults.Highlight;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnippetsTest {

    @Test
    void queryWordsAreLowerCasedAndCjkRunsKeptWhole() {
        Snippets.Terms terms = Snippets.terms("Fix the LOGIN-bug 数据库迁移, ok?");
        assertThat(terms.words()).containsExactly("fix", "the", "login", "bug", "ok");
        assertThat(terms.cjk()).containsExactly("数据库迁移");
        assertThat(Snippets.terms("?! ... '").isEmpty()).isTrue();
    }

    @Test
    void aWordMatchesAtTheStartOfAWordAndTheHitRunsToItsEnd() {
        String text = "Redeploy? No: deployment, Deploy-time and deploys.";
        assertThat(marked(text, "deploy")).containsExactly("deployment", "Deploy", "deploys");
    }

    @Test
    void aCjkRunMatchesWholeOrElseByItsPairs() {
        assertThat(marked("数据库迁移已经完成", "迁移")).containsExactly("迁移");
        // "数据库迁移完成" is not in the text as such; its pairs are, except 移完
        assertThat(marked("数据库迁移已经完成", "数据库迁移完成")).containsExactly("数据库迁移", "完成");
        assertThat(marked("数据 and 数", "数")).containsExactly("数", "数");
    }

    @Test
    void overlappingHitsAreMerged() {
        assertThat(Snippets.match("foobar", Snippets.terms("foo foob"))).containsExactly(new Highlight(0, 6));
    }

    @Test
    void aLongTextIsCutAroundTheFirstMatchWithWhitespaceCollapsed() {
        String text = "a\n\n" + "word ".repeat(100) + "target   here " + "tail ".repeat(100);
        Snippets.Snippet snippet = Snippets.snippet(text, Snippets.terms("target"), 120);
        assertThat(snippet.text()).startsWith("…").endsWith("…").doesNotContain("  ").doesNotContain("\n");
        assertThat(snippet.text().length()).isEqualTo(122);
        assertThat(snippet.highlights()).hasSize(1);
        Highlight h = snippet.highlights().getFirst();
        assertThat(snippet.text().substring(h.start(), h.end())).isEqualTo("target");
        assertThat(h.start()).isEqualTo(1 + Snippets.LEAD);
    }

    @Test
    void aShortTextIsWholeAndATextWithoutMatchShowsItsStart() {
        assertThat(Snippets.snippet(" short\ttext ", Snippets.terms("text"), 50))
                .isEqualTo(new Snippets.Snippet("short text", List.of(new Highlight(6, 10))));
        Snippets.Snippet none = Snippets.snippet("x".repeat(500), Snippets.terms("zzz"), 100);
        assertThat(none.text()).isEqualTo("x".repeat(100) + "…");
        assertThat(none.highlights()).isEmpty();
    }

    @Test
    void theEndOfATextShowsAFullWindow() {
        Snippets.Snippet snippet = Snippets.snippet("y".repeat(300) + " end", Snippets.terms("end"), 100);
        assertThat(snippet.text()).startsWith("…").endsWith(" end").hasSize(101);
    }

    @Test
    void aSurrogatePairIsNeverCut() {
        String text = "😀".repeat(100) + " target";
        Snippets.Snippet snippet = Snippets.snippet(text, Snippets.terms("target"), 101);
        assertThat(Character.isLowSurrogate(snippet.text().charAt(1))).isFalse();
    }

    private static List<String> marked(String text, String query) {
        return Snippets.match(text, Snippets.terms(query)).stream().map(h -> text.substring(h.start(), h.end())).toList();
    }
}
