package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.folders.LocalFolderRoots;
import dev.poco.protocol.folders.HostGit;
import dev.poco.protocol.folders.Worktree;
import dev.poco.protocol.folders.Worktrees;
import dev.poco.protocol.spec.LocalFolder;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.claude.ClaudeCliLocator;
import dev.poco.runner.live.LiveAgents;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Local folders in a real sandbox with the real CLI (issue 13, part 5): a read-only folder cannot be written from
 * inside, two sessions on one read-write repository work on worktrees of their own and both merge, and what must be
 * refused fails the run before any sandbox starts, saying why.
 */
class LocalFoldersStageTest extends RealWorkspaceBase {

    private FakeAnthropicServer model;
    private Path allowed;
    private Path repo;

    @BeforeEach
    void start() throws Exception {
        model = new FakeAnthropicServer().start();
        allowed = Files.createDirectories(scratch.resolve("allowed")).toRealPath();
        repo = Files.createDirectories(allowed.resolve("repo"));
        sh(repo, "git init -q -b main && echo hello > README && git add README && git commit -qm init");
    }

    @AfterEach
    void stop() {
        model.close();
    }

    private RunContext drive(RunSpec spec) {
        RunContext ctx = TestRuns.context(spec, TestRuns.settings(scratch, URI.create(model.baseUrl()),
                new ClaudeCliLocator().locate()).withLocalFolders(LocalFolderRoots.parse(allowed.toString())), server);
        new RunPipeline(List.of(new ReportStage(), new PrepareWorkspaceStage(workspaces),
                new LocalFoldersStage(new Worktrees(new HostGit("git"))), new StartGatewayStage(driver),
                new StartSandboxStage(driver), new DriveCliStage(workspaces, LiveAgents.off()))).execute(ctx);
        return ctx;
    }

    private static RunSpec attach(String prompt, LocalFolder... folders) {
        return RunSpec.of(prompt).withLocalFolders(List.of(folders));
    }

    /** The text of the tool result the CLI sent back to the model after the {@code index}-th Bash call. */
    private String toolResult(int request) {
        RecordedRequest req = model.messageRequests().get(request);
        for (JsonNode message : req.json().path("messages")) {
            for (JsonNode block : message.path("content")) {
                if (block.path("type").asString("").equals("tool_result")) {
                    return block.path("content").toString();
                }
            }
        }
        throw new AssertionError("no tool_result in " + req.json());
    }

    @Test
    void aReadOnlyFolderCannotBeWrittenFromTheSandbox() throws Exception {
        Path docs = Files.createDirectories(allowed.resolve("docs"));
        Files.writeString(docs.resolve("notes.txt"), "original\n");
        model.enqueue(Reply.bash("cat /mnt/docs/notes.txt; echo changed > /mnt/docs/notes.txt; touch /mnt/docs/new;"
                + " rm -f /mnt/docs/notes.txt; ls /mnt/docs", "try to write"), Reply.text("It is read-only"));

        RunContext ctx = drive(attach("Change the notes", new LocalFolder(docs.toString(), LocalFolder.Mode.RO,
                "docs")));

        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.Finished.class,
                done -> assertThat(done.status()).isEqualTo(CallbackStatus.COMPLETED));
        assertThat(toolResult(1)).contains("original").contains("Read-only file system").contains("notes.txt");
        assertThat(docs.resolve("notes.txt")).hasContent("original");
        assertThat(docs.resolve("new")).doesNotExist();
        String prompt = model.messageRequests().getFirst().json().path("messages").toString();
        assertThat(prompt).contains("/mnt/docs (read-only");
    }

    @Test
    void twoSessionsOnOneRepositoryWorkOnWorktreesOfTheirOwnAndBothMerge() throws Exception {
        LocalFolder rw = new LocalFolder(repo.toString(), LocalFolder.Mode.RW, "repo");
        model.enqueue(Reply.bash("cd /mnt/repo && echo one > one.txt && git status --short && git branch"
                + " --show-current", "write one"), Reply.text("Wrote one"));
        RunContext first = drive(attach("Write one", rw));
        model.enqueue(Reply.bash("cd /mnt/repo && ls && echo two > two.txt && git status --short", "write two"),
                Reply.text("Wrote two"));
        RunContext second = drive(attach("Write two", rw));

        assertThat(first.outcome()).isInstanceOf(RunOutcome.Finished.class);
        assertThat(second.outcome()).isInstanceOf(RunOutcome.Finished.class);
        String firstBranch = Worktrees.branchFor(first.sessionId().toString());
        assertThat(toolResult(1)).contains("?? one.txt").contains(firstBranch);
        assertThat(toolResult(3)).contains("?? two.txt").doesNotContain("one.txt");
        assertThat(repo.resolve("one.txt")).doesNotExist();

        Worktree a = first.folders().getFirst().worktree();
        Worktree b = second.folders().getFirst().worktree();
        assertThat(a.worktreePath()).isNotEqualTo(b.worktreePath());
        assertThat(a.worktreePath().resolve("one.txt")).hasContent("one");
        assertThat(b.worktreePath().resolve("two.txt")).hasContent("two");
        Worktrees worktrees = new Worktrees(new HostGit("git"));
        assertThat(worktrees.merge(a, "Merge first").merged()).isTrue();
        assertThat(worktrees.merge(b, "Merge second").merged()).isTrue();
        assertThat(repo.resolve("one.txt")).hasContent("one");
        assertThat(repo.resolve("two.txt")).hasContent("two");
        assertThat(git(repo, "branch", "--show-current")).isEqualTo("main");
    }

    @Test
    void aPathOutsideTheRootsALinkLeavingThemAndADirtyBaseFailTheRunSayingWhy() throws Exception {
        Path outside = Files.createDirectories(scratch.resolve("secret"));
        Files.createSymbolicLink(allowed.resolve("escape"), outside);

        RunContext out = drive(attach("x", new LocalFolder(outside.toString(), LocalFolder.Mode.RO, "secret")));
        RunContext link = drive(attach("x", new LocalFolder(allowed + "/escape", LocalFolder.Mode.RO, "escape")));
        Files.writeString(repo.resolve("README"), "uncommitted\n");
        RunContext dirty = drive(attach("x", new LocalFolder(repo.toString(), LocalFolder.Mode.RW, "repo")));

        assertThat(((RunOutcome.NotStarted) out.outcome()).error()).contains(outside.toString())
                .contains("is outside the allowed local folders");
        assertThat(((RunOutcome.NotStarted) link.outcome()).error())
                .contains("is a link that leads outside the allowed local folders");
        assertThat(((RunOutcome.NotStarted) dirty.outcome()).error())
                .contains(repo + " has uncommitted changes on main (README)");
        assertThat(model.messageRequests()).isEmpty();
        assertThat(server.requests("/fail")).hasSize(3);
    }

    static void sh(Path dir, String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(java.util.Map.of("GIT_AUTHOR_NAME", "t", "GIT_AUTHOR_EMAIL", "t@t",
                "GIT_COMMITTER_NAME", "t", "GIT_COMMITTER_EMAIL", "t@t"));
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
