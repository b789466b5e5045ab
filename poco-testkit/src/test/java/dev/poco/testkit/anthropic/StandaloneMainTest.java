package dev.poco.testkit.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StandaloneMainTest {

    @Test
    void mainServesTheDemoResponderAndPrintsItsBaseUrl() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                FakeAnthropicServer.class.getName(), "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            // Skip log lines: the test classpath carries logback, which writes to stdout.
            String line = stdout.readLine();
            for (int i = 0; i < 20 && line != null && !line.startsWith("Fake Anthropic API listening on "); i++) {
                line = stdout.readLine();
            }
            assertThat(line).matches("Fake Anthropic API listening on http://127\\.0\\.0\\.1:\\d+");
            FakeHttp http = new FakeHttp(line.substring(line.indexOf("http://")));

            assertThat(ScriptingTest.text(http.messages(false, "hello demo"))).startsWith("You said: hello demo");
            assertThat(http.method("HEAD", "/").statusCode()).isEqualTo(200);
        } finally {
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
