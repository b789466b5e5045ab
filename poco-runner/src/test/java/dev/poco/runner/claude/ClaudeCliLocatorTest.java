package dev.poco.runner.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.runner.claude.error.CliNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeCliLocatorTest {

    private static final String INSTALLED_HOME = System.getProperty("user.home");

    @TempDir
    Path dir;

    private Path script(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        return script;
    }

    @Test
    void findsTheInstalledPinnedBinaryUnderTheUsersPocoHome() {
        var locator = new ClaudeCliLocator(Map.of(), Path.of(INSTALLED_HOME), "amd64", "2.1.197");

        Path binary = locator.locate();

        assertThat(binary).isEqualTo(Path.of(INSTALLED_HOME,
                ".poco/runtime/claude-code-2.1.197/node_modules/@anthropic-ai/claude-code-linux-x64/claude"));
    }

    @Test
    void buildsTheDefaultPathFromPocoHomeAndArchitecture() {
        var locator = new ClaudeCliLocator(Map.of("POCO_HOME", "/srv/poco"), dir, "aarch64", "2.1.197");

        assertThat(locator.runtimeDirectory()).isEqualTo(Path.of("/srv/poco/runtime/claude-code-2.1.197"));
        assertThat(locator.defaultBinary()).isEqualTo(Path.of(
                "/srv/poco/runtime/claude-code-2.1.197/node_modules/@anthropic-ai/claude-code-linux-arm64/claude"));
    }

    @Test
    void explainsHowToInstallAMissingBinary() {
        var locator = new ClaudeCliLocator(Map.of(), dir, "x86_64", "2.1.197");

        assertThatThrownBy(locator::locate).isInstanceOf(CliNotFoundException.class)
                .hasMessageContaining("not found at " + locator.defaultBinary())
                .hasMessageContaining("./poco")
                .hasMessageContaining("cd " + dir.resolve(".poco/runtime/claude-code-2.1.197"))
                .hasMessageContaining("npm install @anthropic-ai/claude-code@2.1.197")
                .satisfies(e -> assertThat(((CliNotFoundException) e).path()).isEqualTo(locator.defaultBinary()));
    }

    @Test
    void prefersAnExplicitPathThenTheEnvironmentVariable() throws IOException {
        Path fromEnv = script("env-claude", "echo '2.1.197 (Claude Code)'");
        Path explicit = script("explicit-claude", "echo '2.1.197 (Claude Code)'");
        var locator = new ClaudeCliLocator(Map.of("POCO_CLAUDE_BIN", fromEnv.toString()), dir, "amd64", "2.1.197");

        assertThat(locator.locate()).isEqualTo(fromEnv);
        assertThat(locator.locate(explicit)).isEqualTo(explicit);
    }

    @Test
    void rejectsAWrongVersion() throws IOException {
        Path old = script("old-claude", "echo '2.0.14 (Claude Code)'");
        var locator = new ClaudeCliLocator(Map.of("POCO_CLAUDE_BIN", old.toString()), dir, "amd64", "2.1.197");

        assertThatThrownBy(locator::locate).isInstanceOf(CliNotFoundException.class)
                .hasMessageContaining("reports version '2.0.14 (Claude Code)' but Poco needs 2.1.197")
                .hasMessageContaining("POCO_CLAUDE_BIN")
                .hasMessageContaining("npm install @anthropic-ai/claude-code@2.1.197");
    }

    @Test
    void rejectsABinaryThatFailsOrIsNotExecutable() throws IOException {
        Path failing = script("broken-claude", "echo 'GLIBC not found' >&2; exit 127");
        assertThatThrownBy(() -> new ClaudeCliLocator(Map.of(), dir, "amd64", "2.1.197").locate(failing))
                .isInstanceOf(CliNotFoundException.class).hasMessageContaining("exited with 127")
                .hasMessageContaining("GLIBC not found");

        Path plain = dir.resolve("plain");
        Files.writeString(plain, "not a program");
        assertThatThrownBy(() -> new ClaudeCliLocator(Map.of(), dir, "amd64", "2.1.197").locate(plain))
                .isInstanceOf(CliNotFoundException.class).hasMessageContaining("not executable");
    }

    @Test
    void rejectsAnUnsupportedArchitecture() {
        assertThatThrownBy(() -> new ClaudeCliLocator(Map.of(), dir, "riscv64", "2.1.197").locate())
                .isInstanceOf(CliNotFoundException.class).hasMessageContaining("riscv64");
    }
}
