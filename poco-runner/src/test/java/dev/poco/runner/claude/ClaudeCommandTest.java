package dev.poco.runner.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.PermissionMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaudeCommandTest {

    @Test
    void buildsTheSdkModeCommandWithPocoDefaults() {
        assertThat(ClaudeCommand.of(ClaudeCommand.SANDBOX_BINARY).argv()).containsExactly(
                "/opt/claude/bin/claude", "-p", "--input-format", "stream-json", "--output-format", "stream-json",
                "--verbose", "--include-partial-messages", "--permission-prompt-tool", "stdio", "--permission-mode", "default",
                "--setting-sources", "user,project", "--disallowedTools", "WebFetch,WebSearch");
    }

    @Test
    void addsModelResumeAllowedToolsAndExtraArgsInOrder() {
        ClaudeCommand command = ClaudeCommand.of("/bin/claude").withPermissionMode(PermissionMode.PLAN)
                .withModel("claude-sonnet-4-6").withResume("5f0c-session")
                .withAllowedTools(ClaudeCommand.POCO_ALLOWED_TOOLS)
                .withExtraArgs(List.of("--mcp-config", "{\"mcpServers\":{}}"));

        assertThat(command.argv()).containsExactly("/bin/claude", "-p", "--input-format", "stream-json",
                "--output-format", "stream-json", "--verbose", "--include-partial-messages", "--permission-prompt-tool", "stdio",
                "--permission-mode", "plan", "--model", "claude-sonnet-4-6", "--resume", "5f0c-session",
                "--setting-sources", "user,project", "--disallowedTools", "WebFetch,WebSearch",
                "--allowedTools", "Skill,Read,Edit,Write,Bash,TodoWrite,Grep,Glob,Task",
                "--mcp-config", "{\"mcpServers\":{}}");
    }

    @Test
    void leavesOutEmptyListsAndBlankValues() {
        ClaudeCommand command = ClaudeCommand.of("claude").withDisallowedTools(List.of()).withModel(" ")
                .withResume("").withPermissionMode(PermissionMode.BYPASS_PERMISSIONS);

        assertThat(command.argv()).containsExactly("claude", "-p", "--input-format", "stream-json",
                "--output-format", "stream-json", "--verbose", "--include-partial-messages", "--permission-prompt-tool", "stdio",
                "--permission-mode", "bypassPermissions", "--setting-sources", "user,project");
    }

    @Test
    void recommendsTheEnvironmentThatKeepsTheCliOfflineAndOnTodoWrite() {
        assertThat(ClaudeCommand.recommendedEnvironment()).containsEntry("DISABLE_TELEMETRY", "1")
                .containsEntry("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
                .containsEntry("CLAUDE_CODE_ENABLE_TASKS", "0").doesNotContainKey("IS_SANDBOX");
    }
}
