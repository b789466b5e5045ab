package dev.poco.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.app.support.PocoProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The container files (deploy/) checked where Docker cannot run: their pins equal {@code ./poco}'s, every path they
 * copy exists, the compose file gives the sandbox what it needs and a mode that may listen beyond localhost, the
 * entrypoint is valid shell, and the README's commands are the ones the files name.
 */
class DeployFilesTest {

    private static final Path ROOT = PocoProcess.ROOT;

    @Test
    void theImagePinsTheSameCliAndBrowserAsThePocoLauncher() throws Exception {
        String launcher = Files.readString(ROOT.resolve("poco"));
        String dockerfile = Files.readString(ROOT.resolve("deploy/Dockerfile"));
        for (String pin : List.of("CLAUDE_CODE_VERSION", "PLAYWRIGHT_MCP_VERSION")) {
            Matcher inLauncher = Pattern.compile(pin + "=\"\\$\\{POCO_" + pin + ":-([^}]+)}\"").matcher(launcher);
            Matcher inImage = Pattern.compile("ARG " + pin + "=(\\S+)").matcher(dockerfile);
            assertThat(inLauncher.find()).as(pin + " in ./poco").isTrue();
            assertThat(inImage.find()).as(pin + " in deploy/Dockerfile").isTrue();
            assertThat(inImage.group(1)).as(pin).isEqualTo(inLauncher.group(1));
        }
    }

    @Test
    void theImageProvidesWhatAKubernetesSandboxPodLooksFor() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("deploy/Dockerfile"));
        // the read-only binds SandboxDrivers tells the kubernetes driver the image provides
        for (String path : List.of(dev.poco.runner.claude.ClaudeCommand.SANDBOX_BINARY,
                dev.poco.runner.egress.NodeBinary.SANDBOX_PATH, dev.poco.runner.browser.BrowserTools.SANDBOX_NODE_MODULES,
                dev.poco.runner.browser.BrowserTools.SANDBOX_CHROMIUM)) {
            assertThat(Pattern.compile("ln -s .+ " + Pattern.quote(path) + "( |$)", Pattern.MULTILINE)
                    .matcher(dockerfile).find()).as(path + " linked in deploy/Dockerfile").isTrue();
        }
    }

    @Test
    void everyPathTheImageCopiesExists() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("deploy/Dockerfile"));
        Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(dockerfile);
        int copies = 0;
        while (copy.find()) {
            assertThat(ROOT.resolve(copy.group(1))).as("COPY " + copy.group(1)).exists();
            copies++;
        }
        assertThat(copies).isPositive();
        assertThat(dockerfile).contains("cp poco-app/target/" + PocoProcess.JAR.getFileName() + " ");
        assertThat(ROOT.resolve("deploy/entrypoint.sh")).isExecutable();
        Process sh = new ProcessBuilder("sh", "-n", ROOT.resolve("deploy/entrypoint.sh").toString())
                .redirectErrorStream(true).start();
        assertThat(sh.waitFor()).as(new String(sh.getInputStream().readAllBytes())).isZero();
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
        assertThat(ignored).contains("**/target", "web/node_modules").doesNotContain("deploy", "poco-app");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theComposeFileGivesTheSandboxItsNamespacesAndSignsPeopleIn() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("deploy/compose.yaml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsKeys("poco", "postgres");
        Map<String, Object> poco = (Map<String, Object>) services.get("poco");
        assertThat((List<String>) poco.get("security_opt")).containsExactlyInAnyOrder("seccomp=unconfined",
                "apparmor=unconfined");
        assertThat(poco).doesNotContainKey("privileged");
        Map<String, Object> env = (Map<String, Object>) poco.get("environment");
        assertThat(env.get("POCO_AUTH_MODE")).as("listening beyond localhost needs accounts").isEqualTo("password");
        assertThat((String) env.get("DATABASE_URL")).startsWith("postgresql://poco:").contains("@postgres:5432/poco");
        Map<String, Object> build = (Map<String, Object>) poco.get("build");
        assertThat(ROOT.resolve("deploy").resolve((String) build.get("context")).normalize()).isEqualTo(ROOT);
        assertThat(ROOT.resolve((String) build.get("dockerfile"))).exists();
        Map<String, Object> dependsOn = (Map<String, Object>) poco.get("depends_on");
        assertThat(((Map<String, Object>) dependsOn.get("postgres")).get("condition")).isEqualTo("service_healthy");
    }

    @Test
    void theReadmeGivesTheExactCommands() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).contains("docker build -f deploy/Dockerfile -t poco .",
                "docker compose -f deploy/compose.yaml up -d --build",
                "docker compose -f deploy/compose.yaml exec poco /opt/poco/entrypoint.sh admin create --username admin");
    }
}
