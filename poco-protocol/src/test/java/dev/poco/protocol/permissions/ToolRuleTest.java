package dev.poco.protocol.permissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToolRuleTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Bash                         | Bash
            Bash(npm run test:*)         | Bash(npm run test:*)
            '  Read(./.env)  '           | Read(./.env)
            Edit(//etc/hosts)            | Edit(//etc/hosts)
            WebFetch(domain:example.com) | WebFetch(domain:example.com)
            mcp__github                  | mcp__github
            mcp__github__*               | mcp__github__*
            mcp__github__create_issue    | mcp__github__create_issue
            Task(reviewer)               | Task(reviewer)
            """)
    void claudeCodeRulesParse(String text, String normalized) {
        assertThat(ToolRule.parse(text).toString()).isEqualTo(normalized);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                        | cannot be empty
            bash(ls)                  | Unknown tool 'bash'
            Bsh                       | Unknown tool 'Bsh'
            Bash()                    | empty ()
            Bash(npm:* test)          | ':*' only works at the end
            Bash(:*)                  | has no prefix
            Bash(ls                   | does not close
            TodoWrite(x)              | takes no (…) specifier
            WebFetch(example.com)     | WebFetch(domain:example.com)
            mcp__github(create)       | MCP rules take no
            mcp__git hub              | not an MCP tool name
            """)
    void rulesThatCouldNeverMatchAreRefusedWithHowToWriteThem(String text, String message) {
        assertThatThrownBy(() -> ToolRule.parse(text)).isInstanceOf(InvalidRuleException.class)
                .hasMessageContaining(message);
    }

    @Test
    void bashRulesMatchExactlyByPrefixOrWildcardButCompoundCommandsOnlyExactly() {
        assertThat(ToolRule.parse("Bash(npm test)").matches("Bash", Map.of("command", "npm test"))).isTrue();
        assertThat(ToolRule.parse("Bash(npm test)").matches("Bash", Map.of("command", "npm test --all"))).isFalse();
        assertThat(ToolRule.parse("Bash(npm run:*)").matches("Bash", Map.of("command", "npm run build"))).isTrue();
        assertThat(ToolRule.parse("Bash(npm run:*)").matches("Bash", Map.of("command", "npm runner"))).isFalse();
        assertThat(ToolRule.parse("Bash(git * main)").matches("Bash", Map.of("command", "git push origin main")))
                .isTrue();
        assertThat(ToolRule.parse("Bash(touch:*)").matches("Bash", Map.of("command", "touch a; rm -rf /")))
                .isFalse();
        assertThat(ToolRule.parse("Bash(touch a && ls)").matches("Bash", Map.of("command", "touch a && ls")))
                .isTrue();
        assertThat(ToolRule.parse("Bash").matches("Bash", Map.of("command", "anything | at all"))).isTrue();
        assertThat(ToolRule.parse("Bash").matches("Read", Map.of("file_path", "/x"))).isFalse();
    }

    @Test
    void pathRulesFollowGitignoreStyleAndEditCoversEveryEditingTool() {
        assertThat(ToolRule.parse("Read(./.env)").matches("Read", Map.of("file_path", "/workspace/.env"))).isTrue();
        assertThat(ToolRule.parse("Read(./.env)").matches("Read", Map.of("file_path", "/workspace/.envrc")))
                .isFalse();
        assertThat(ToolRule.parse("Edit(src/**)").matches("Write", Map.of("file_path", "/workspace/src/a/b.ts")))
                .isTrue();
        assertThat(ToolRule.parse("Edit(//etc/hosts)").matches("Edit", Map.of("file_path", "/etc/hosts"))).isTrue();
        assertThat(ToolRule.parse("Edit(//etc/hosts)").matches("Edit", Map.of("file_path", "/etc/../etc/hosts")))
                .isTrue();
        assertThat(ToolRule.parse("Read(~/.ssh/**)").matches("Read", Map.of("file_path", "/home/agent/.ssh/id"))).isFalse();
    }

    @Test
    void mcpAndWebFetchRules() {
        assertThat(ToolRule.parse("mcp__github").matches("mcp__github__create_issue", Map.of())).isTrue();
        assertThat(ToolRule.parse("mcp__github").matches("mcp__githubx__create_issue", Map.of())).isFalse();
        assertThat(ToolRule.parse("mcp__github__*").matches("mcp__github__list", Map.of())).isTrue();
        assertThat(ToolRule.parse("mcp__github__list").matches("mcp__github__listall", Map.of())).isFalse();
        assertThat(ToolRule.parse("WebFetch(domain:example.com)")
                .matches("WebFetch", Map.of("url", "https://EXAMPLE.com/a"))).isTrue();
        assertThat(ToolRule.parse("WebFetch(domain:*.example.com)")
                .matches("WebFetch", Map.of("url", "https://docs.example.com/a"))).isTrue();
        assertThat(ToolRule.parse("WebFetch(domain:example.com)")
                .matches("WebFetch", Map.of("url", "https://evil.com/?example.com"))).isFalse();
    }

    @Test
    void alwaysAllowSavesTheNarrowestRuleThatMatchesTheCallAgain() {
        Map<String, Object> bash = Map.of("command", "touch a.txt");
        Map<String, Object> write = Map.of("file_path", "/workspace/a.txt");
        assertThat(ToolRule.exactly("Bash", bash)).isEqualTo("Bash(touch a.txt)");
        assertThat(ToolRule.exactly("Write", write)).isEqualTo("Write(//workspace/a.txt)");
        assertThat(ToolRule.exactly("WebFetch", Map.of("url", "https://x.org/p"))).isEqualTo("WebFetch(domain:x.org)");
        assertThat(ToolRule.exactly("mcp__s__t", Map.of())).isEqualTo("mcp__s__t");
        for (var call : Map.of("Bash", bash, "Write", write).entrySet()) {
            String rule = ToolRule.exactly(call.getKey(), call.getValue());
            assertThat(ToolRule.parse(rule).matches(call.getKey(), call.getValue())).as(rule).isTrue();
        }
        PermissionRules rules = PermissionRules.NONE.withAllow("Bash(touch a.txt)");
        assertThat(rules.allows("Bash", bash)).isTrue();
        assertThat(rules.allows("Bash", Map.of("command", "touch b.txt"))).isFalse();
    }
}
