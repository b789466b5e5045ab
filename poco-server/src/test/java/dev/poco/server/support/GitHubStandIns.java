package dev.poco.server.support;

import dev.poco.testkit.git.FakeGitHubApi;
import dev.poco.testkit.git.GitHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * GitHub for the test server, on real sockets, started once per test JVM: git over smart HTTP behind {@link #TOKEN}
 * ({@code POCO_GITHUB_URL}) and the pull request API ({@code POCO_GITHUB_API_URL}).
 */
public final class GitHubStandIns {

    /** The one token the git server accepts. */
    public static final String TOKEN = "ghp_pushTestToken7f3a9c0b1d2e4f5a6b7c";
    public static final GitHttpServer GIT = git();
    public static final FakeGitHubApi API = new FakeGitHubApi();

    private GitHubStandIns() {}

    private static GitHttpServer git() {
        try {
            return new GitHttpServer(Files.createTempDirectory("github-repos"), TOKEN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
