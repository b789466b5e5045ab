package dev.poco.runner.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.testkit.git.GitHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real git against a real smart-HTTP server behind token authentication. */
class RepositoryClonerTest {

    private static final String TOKEN = "ghp_clonerTestToken0123456789";
    private static final String URL = "https://github.com/acme/site";

    @TempDir
    Path tmp;

    private GitHttpServer git;
    private RepositoryCloner cloner;
    private SessionWorkspace ws;

    @BeforeEach
    void start() throws Exception {
        git = new GitHttpServer(Files.createDirectories(tmp.resolve("repos")), TOKEN);
        git.repository("acme", "site", "main", Map.of("README.md", "# Site\n", "src/app.js", "console.log(1)\n"));
        cloner = new RepositoryCloner("git", git.baseUrl());
        Path session = Files.createDirectories(tmp.resolve("u/s"));
        ws = new SessionWorkspace(session, Files.createDirectories(session.resolve("workspace")),
                session.resolve("workspace/.claude_data"), Files.createDirectories(session.resolve("home")),
                session.resolve("workspace/inputs"));
    }

    @AfterEach
    void stop() {
        git.close();
    }

    @Test
    void aPrivateRepositoryClonesWithTheTokenWhichIsWrittenNowhere() throws Exception {
        RepositoryCloner.Cloned cloned = cloner.clone(ws, URL, "main", TOKEN, line -> { });

        assertThat(cloned.fresh()).isTrue();
        assertThat(cloned.directory()).isEqualTo(ws.workspace().resolve("site"));
        assertThat(cloned.directory().resolve("src/app.js")).hasContent("console.log(1)");
        assertThat(Files.readString(cloned.directory().resolve(".git/config"))).contains("url = " + URL)
                .doesNotContain(git.baseUrl().toString());
        try (Stream<Path> files = Files.walk(ws.sessionDir())) {
            assertThat(files.filter(Files::isRegularFile)).noneSatisfy(file ->
                    assertThat(Files.readAllBytes(file)).asString().contains(TOKEN));
        }
        assertThat(ws.sessionDir()).isDirectoryNotContaining("glob:**/.clone*");
        assertThat(cloned.directory().resolve(".git/hooks")).as("no template hooks").doesNotExist();
        assertThat(git.authorizations).isNotEmpty();
    }

    @Test
    void aSecondRunFindsTheRepositoryAndClonesNothing() {
        cloner.clone(ws, URL, "main", TOKEN, line -> { });
        int requests = git.authorizations.size();

        RepositoryCloner.Cloned again = cloner.clone(ws, URL, "main", TOKEN, line -> { });

        assertThat(again.fresh()).isFalse();
        assertThat(git.authorizations).hasSize(requests);
    }

    @Test
    void withoutATokenAPrivateRepositoryFailsSayingWhatToSet() {
        assertThatThrownBy(() -> cloner.clone(ws, URL, "main", null, line -> { }))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageStartingWith("Could not clone https://github.com/acme/site (branch main): the repository is"
                        + " private (or does not exist): set git_token_env_key");
        assertThat(ws.workspace().resolve("site")).doesNotExist();
    }

    @Test
    void aWrongTokenFailsClearly() {
        assertThatThrownBy(() -> cloner.clone(ws, URL, "main", "ghp_wrong", line -> { }))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("the token was refused");
    }

    @Test
    void aMissingBranchFailsNamingIt() {
        assertThatThrownBy(() -> cloner.clone(ws, URL, "release", TOKEN, line -> { }))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("the branch \"release\" does not exist in the repository");
    }

    @Test
    void onlyGitHubRepositoriesAreCloned() {
        assertThatThrownBy(() -> cloner.clone(ws, "https://gitlab.com/acme/site", null, null, line -> { }))
                .isInstanceOf(WorkspaceException.class).hasMessageContaining("Only GitHub repositories");
    }
}
