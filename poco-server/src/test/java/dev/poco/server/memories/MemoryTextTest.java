package dev.poco.server.memories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.server.llm.ServerModelException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How memory text meets full text search, and how the model's extraction answer is read. */
class MemoryTextTest {

    @Test
    void cjkRunsBecomeBigramsAndCharactersOtherWordsStay() {
        assertThat(MemoryText.document("用户喜欢 green-tea")).isEqualTo("用 户 喜 欢 用户 户喜 喜欢 green tea");
        assertThat(MemoryText.queryTerms("喜欢")).containsExactly("喜欢");
        assertThat(MemoryText.queryTerms("茶")).containsExactly("茶");
        assertThat(MemoryText.queryTerms("Kotlin用户, KOTLIN")).containsExactly("kotlin", "用户");
    }

    @Test
    void queriesKeepOnlyLettersAndDigitsSoNoTsquerySyntaxGetsThrough() {
        List<String> terms = MemoryText.queryTerms("a:* | b & !(c) <-> 'd' \\ \u0000e");
        assertThat(terms).containsExactly("a", "b", "c", "d", "e");
        assertThat(MemoryText.tsQuery(terms)).isEqualTo("a:* | b:* | c:* | d:* | e:*");
        assertThat(MemoryText.tsQuery(MemoryText.queryTerms("?!"))).isEmpty();
        assertThat(MemoryText.queryTerms("w ".repeat(500) + String.join(" ", java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> "t" + i).toList()))).hasSize(MemoryText.MAX_QUERY_TERMS);
    }

    @Test
    void theHashIsMem0sMd5() {
        assertThat(MemoryText.hash("hello")).isEqualTo("5d41402abc4b2a76b9719d911017c592");
    }

    @Test
    void theExtractionAnswerIsReadLeniently() {
        List<FactExtractor.Decision> decisions = FactExtractor.parse("""
                ```json
                {"memory": [{"event": "add", "text": " A "}, {"event": "UPDATE", "id": "1", "text": "B"},
                            {"event": "UPDATE", "id": "9", "text": "C"}, {"event": "NONE", "id": 0},
                            {"event": "NONE", "id": "x"}, {"event": "ADD", "text": ""}, {"event": "DELETE", "id": "0"}]}
                ```""", 2);
        assertThat(decisions).containsExactly(new FactExtractor.Decision("ADD", null, "A"),
                new FactExtractor.Decision("UPDATE", 1, "B"), new FactExtractor.Decision("ADD", null, "C"),
                new FactExtractor.Decision("NONE", 0, null));
        assertThat(FactExtractor.parse("{\"memory\": []}", 0)).isEmpty();
        assertThatThrownBy(() -> FactExtractor.parse("no", 0)).isInstanceOf(ServerModelException.class);
        assertThatThrownBy(() -> FactExtractor.parse("{\"facts\": []}", 0)).isInstanceOf(ServerModelException.class);
    }
}
