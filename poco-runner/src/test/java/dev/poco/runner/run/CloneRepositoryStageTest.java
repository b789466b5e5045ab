package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.spec.Repository;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.claude.ClaudeCliLocator;
import dev.poco.runner.live.LiveAgents;
import dev.poco.testkit.git.GitHttpServer;
import dev.poco.runner.workspace.RepositoryCloner;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run's repository is cloned with the user's token before the agent starts; inside the sandbox (real CLI, real
 * bubblewrap) the agent sees the code and cannot find the token anywhere: not in the workspace, not in its home,
 * not in any process's environment.
 */
class CloneRepositoryStageTest extends RealWorkspaceBase {

    private static final String TOKEN_START = "ghp_stageTest";
    private static final String TOKEN_END = "Token0123456789abcdef";
    private static final String TOKEN = TOKEN_START + TOKEN_END;

    private FakeAnthropicServer model;
    private GitHttpServer git;

    @BeforeEach
    void start() throws Exception {
        model = new FakeAnthropicServer().start();
        git = new GitHttpServer(Files.createDirectories(scratch.resolve("repos")), TOKEN);
        git.repository("acme", "site", "main", Map.of("README.md", "# The acme site\n"));
    }

    @AfterEach
    void stop() {
        model.close();
        git.close();
    }

    private RunContext drive(RunSpec spec) {
        RunContext ctx = TestRuns.context(spec, TestRuns.settings(scratch, URI.create(model.baseUrl()),
                new ClaudeCliLocator().locate()), server);
        new RunPipeline(List.of(new ReportStage(), new PrepareWorkspaceStage(workspaces),
                new CloneRepositoryStage(new RepositoryCloner("git", git.baseUrl())), new StartGatewayStage(driver),
                new StartSandboxStage(driver), new DriveCliStage(workspaces, LiveAgents.off()))).execute(ctx);
        return ctx;
    }

    @Test
    void theAgentWorksInTheClonedRepositoryAndTheTokenIsNowhereInItsSandbox() {
        server.answers.put("/api/v1/internal/env-vars/map", Map.of("GH_TOKEN", TOKEN));
        // The command names the token in two halves, so the agent's own transcript does not hold it whole.
        model.enqueue(Reply.bash("cat site/README.md; git -C site remote get-url origin; T1=" + TOKEN_START + "; T2="
                + TOKEN_END + "; echo found: $(grep -rlF \"$T1$T2\" /workspace /home/agent /proc/*/environ"
                + " 2>/dev/null | wc -l); echo environ readable: $(cat /proc/self/environ | tr '\\0' '\\n' | grep -c"
                + " ^PATH=)", "look around"), Reply.text("Seen"));

        RunContext ctx = drive(RunSpec.of("Look at the site").withRepository(
                new Repository("https://github.com/acme/site", "main", "GH_TOKEN")));

        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.Finished.class,
                done -> assertThat(done.status()).isEqualTo(CallbackStatus.COMPLETED));
        RecordedRequest second = model.messageRequests().get(1);
        String result = second.toolResultContent(second.toolResultIds().getLast()).orElseThrow();
        assertThat(result).contains("# The acme site", "https://github.com/acme/site", "found: 0",
                "environ readable: 1");
    }

    @Test
    void theCloneWaitsForTheBaseSnapshotSoTheAgentsSandboxOwnsIt() throws Exception {
        server.answers.put("/api/v1/internal/env-vars/map", Map.of("GH_TOKEN", TOKEN));
        RunContext ctx = context(RunSpec.of("x").withRepository(
                new Repository("https://github.com/acme/site", "main", "GH_TOKEN")));
        ctx.workspace(workspaces.createRunDirectories(ctx.userId(), ctx.sessionId()));
        CompletableFuture<Void> base = new CompletableFuture<>();
        ctx.baseSnapshot(base);
        new ReportStage().run(ctx);
        CloneRepositoryStage stage = new CloneRepositoryStage(new RepositoryCloner("git", git.baseUrl()));

        CompletableFuture<Void> cloned = new CompletableFuture<>();
        Thread cloning = Thread.ofVirtual().start(() -> {
            try {
                stage.run(ctx);
                cloned.complete(null);
            } catch (RuntimeException e) {
                cloned.completeExceptionally(e);
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(cloning.getStackTrace())
                .anyMatch(frame -> frame.getMethodName().equals("awaitBaseSnapshot")
                        && frame.getClassName().equals(PrepareWorkspaceStage.class.getName()))
                && cloning.getState() == Thread.State.WAITING);
        Path site = ctx.workspace().workspace().resolve("site");
        assertThat(site).as("cloned while a sandbox held the workspace's uid").doesNotExist();

        base.complete(null);
        cloned.get(60, TimeUnit.SECONDS);
        assertThat(site.resolve("README.md")).hasContent("# The acme site\n");
    }

    @Test
    void aTokenVariableWithoutASecretFailsTheRunNamingIt() {
        server.answers.put("/api/v1/internal/env-vars/map", Map.of());

        RunContext ctx = drive(RunSpec.of("x").withRepository(
                new Repository("https://github.com/acme/site", "main", "GH_TOKEN")));

        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.NotStarted.class, failed ->
                assertThat(failed.error()).startsWith("The repository's token variable GH_TOKEN is not set"));
        assertThat(model.messageRequests()).isEmpty();
    }

    @Test
    void aPrivateRepositoryWithoutATokenFailsTheRunSayingSo() {
        RunContext ctx = drive(RunSpec.of("x").withRepository(
                new Repository("https://github.com/acme/site", "main", null)));

        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.NotStarted.class, failed ->
                assertThat(failed.error()).contains("the repository is private"));
    }
}
