package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.ClaimedRun;
import dev.poco.protocol.PermissionMode;
import dev.poco.protocol.RunView;
import dev.poco.protocol.spec.Browser;
import dev.poco.protocol.spec.Capabilities;
import dev.poco.protocol.spec.NetworkPolicy;
import dev.poco.protocol.spec.Resume;
import dev.poco.protocol.spec.ConfigSnapshotReader;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.RunnerSettings;
import dev.poco.runner.admission.Admission;
import dev.poco.runner.admission.HostBudget;
import dev.poco.runner.claude.ClaudeCliLocator;
import dev.poco.runner.export.WorkspaceExporter;
import dev.poco.runner.live.LiveAgent;
import dev.poco.runner.live.LiveAgents;
import dev.poco.runner.live.LiveSettings;
import dev.poco.runner.sandbox.SandboxStatus;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.workspace.WorkspaceManager;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Live agents end to end in the runner (issue 12): the real CLI in real bubblewrap against the fake model, the whole
 * pipeline of {@link RunPipelineFactory}. Every path that reuses a process is compared with what the cold path does:
 * the conversation the model is sent and the workspace's git result.
 */
class LiveAgentStageTest extends RealWorkspaceBase {

    private static final Duration TURN = Duration.ofSeconds(90);

    private FakeAnthropicServer model;
    private RunnerSettings settings;

    @BeforeEach
    void startModel() {
        model = new FakeAnthropicServer().start();
        settings = TestRuns.settings(scratch, URI.create(model.baseUrl()), new ClaudeCliLocator().locate());
    }

    @AfterEach
    void stopModel() {
        model.close();
    }

    private static LiveSettings hot(int max) {
        return new LiveSettings(max, Duration.ofMinutes(10), 0, 0, Duration.ofMinutes(10));
    }

    /** One run of session {@code session} for user message {@code message}, through every stage, on the stand-in. */
    private RunContext run(LiveAgents agents, StandInServer on, UUID session, long message, @Nullable UUID previous,
            RunSpec spec) {
        return run(agents, on, session, message, previous, spec, "user-1");
    }

    private RunContext run(LiveAgents agents, StandInServer on, UUID session, long message, @Nullable UUID previous,
            RunSpec spec, String owner) {
        return run(agents, on, session, message, previous, spec, owner, TestRuns.budget(8));
    }

    private RunContext run(LiveAgents agents, StandInServer on, UUID session, long message, @Nullable UUID previous,
            RunSpec spec, String owner, HostBudget budget) {
        UUID runId = UUID.randomUUID();
        ObjectNode view = StandInServer.runView(runId, "claimed").put("session_id", session.toString())
                .put("user_message_id", message);
        ClaimedRun claim = new ClaimedRun(TestRuns.JSON.treeToValue(view, RunView.class), owner, spec.prompt(),
                null, null, spec, previous);
        ServerClient client = new ServerClient(on.base(), "token", TestRuns.JSON);
        RunPipelineFactory factory = new RunPipelineFactory(settings, client, driver, workspaces,
                new WorkspaceExporter(client, scratch.resolve("exports")), budget, agents);
        RunContext ctx = new RunContext(claim, settings, client);
        new RunPipeline(factory.stages()).execute(ctx);
        return ctx;
    }

    private static RunSpec followUp(String prompt, RunContext before) {
        return RunSpec.of(prompt).withResume(new Resume(Objects.requireNonNull(sdkSession(before))));
    }

    private static @Nullable String sdkSession(RunContext ctx) {
        return ctx.cli() == null ? null : Objects.requireNonNull(ctx.cli()).sessionId();
    }

    private static void assertCompleted(RunContext ctx) {
        assertThat(ctx.outcomeLabel()).as("run %s", ctx.runId()).isEqualTo("completed");
    }

    /** What the model was sent, without ids and system reminders: role, then each text, tool call or tool result. */
    private static List<String> conversation(RecordedRequest request) {
        List<String> turns = new ArrayList<>();
        for (JsonNode message : request.json().path("messages")) {
            String role = message.path("role").asString();
            JsonNode content = message.path("content");
            if (content.isString()) {
                turns.add(role + ": " + content.asString());
                continue;
            }
            for (JsonNode block : content) {
                switch (block.path("type").asString()) {
                    case "text" -> {
                        if (!block.path("text").asString().startsWith("<system-reminder>")) {
                            turns.add(role + ": " + block.path("text").asString());
                        }
                    }
                    case "tool_use" -> turns.add(role + " calls " + block.path("name").asString() + " "
                            + block.path("input").path("command").asString());
                    case "tool_result" -> turns.add(role + " result " + block.path("content").toString()
                            .replaceAll("toolu_[A-Za-z0-9]+", "id"));
                    default -> turns.add(role + " " + block.path("type").asString());
                }
            }
        }
        return turns;
    }

    private static List<String> toolNames(RecordedRequest request) {
        List<String> names = new ArrayList<>();
        request.json().path("tools").forEach(tool -> names.add(tool.path("name").asString()));
        return names;
    }

    private List<List<String>> conversationsSince(int before) {
        return model.messageRequests().subList(before, model.messageRequests().size()).stream()
                .map(LiveAgentStageTest::conversation).toList();
    }

    /** The run's changes as git sees them: base tag to result tag. */
    private String runDiff(RunContext ctx) throws Exception {
        return git(ctx.workspace().workspace(), "diff", WorkspaceManager.baseTag(ctx.runId()),
                WorkspaceManager.resultTag(ctx.runId()));
    }

    /** Two turns of one session on {@code agents}: the second one's conversations and diff. */
    private record TwoTurns(RunContext first, RunContext second, List<List<String>> secondTurn, String secondDiff) {}

    private TwoTurns twoTurns(LiveAgents agents) throws Exception {
        UUID session = UUID.randomUUID();
        model.enqueue(Reply.bash("echo one > a.txt", "write"), Reply.text("Wrote a."));
        RunContext first = run(agents, server, session, 1, null, RunSpec.of("Write a"));
        assertCompleted(first);
        int before = model.messageRequests().size();
        model.enqueue(Reply.bash("echo two >> a.txt", "append"), Reply.text("Appended."));
        RunContext second = run(agents, server, session, 3, first.runId(), followUp("Append two", first));
        assertCompleted(second);
        model.awaitMessageRequests(before + 2, TURN);
        assertThat(Files.readString(second.workspace().workspace().resolve("a.txt"))).isEqualTo("one\ntwo\n");
        return new TwoTurns(first, second, conversationsSince(before), runDiff(second));
    }

    @Test
    void aHotFollowUpRunsOnTheSameProcessAndSendsAndWritesWhatAColdResumeDoes() throws Exception {
        TwoTurns cold;
        try (LiveAgents off = LiveAgents.off()) {
            cold = twoTurns(off);
        }
        try (LiveAgents agents = new LiveAgents(hot(4), null)) {
            TwoTurns hot = twoTurns(agents);

            assertThat(hot.second().live()).as("the follow-up took the hot agent").isNotNull()
                    .isSameAs(hot.first().live());
            assertThat(hot.second().sandbox().id()).isEqualTo(hot.first().sandbox().id());
            assertThat(hot.secondTurn()).isEqualTo(cold.secondTurn());
            assertThat(hot.secondTurn().getFirst()).contains("user: Write a", "assistant: Wrote a.",
                    "user: Append two");
            assertThat(hot.secondDiff()).isEqualTo(cold.secondDiff()).contains("+two");
            assertThat(agents.hotCount()).isEqualTo(1);
            assertThat(Objects.requireNonNull(hot.second().meteredUsage()).requests())
                    .as("usage is the run's own, not the agent's since it started").isEqualTo(2);
        }
    }

    @Test
    void aCanceledHotTurnClosesTheAgentAndTheNextRunResumesColdWithTheWholeConversation() throws Exception {
        try (LiveAgents agents = new LiveAgents(hot(4), null)) {
            UUID session = UUID.randomUUID();
            model.enqueue(Reply.bash("echo one > a.txt", "write"), Reply.text("Wrote a."));
            RunContext first = run(agents, server, session, 1, null, RunSpec.of("Write a"));
            assertCompleted(first);
            LiveAgent agent = Objects.requireNonNull(first.live());
            int before = model.messageRequests().size();
            model.enqueue(Reply.text("too late").delayFirstByte(Duration.ofSeconds(60)));
            CompletableFuture<RunContext> second = CompletableFuture.supplyAsync(() ->
                    run(agents, server, session, 3, first.runId(), followUp("Take your time", first)));
            model.awaitMessageRequests(before + 1, TURN);

            server.cancel();

            RunContext canceled = second.get(60, TimeUnit.SECONDS);
            assertThat(canceled.live()).isSameAs(agent);
            assertThat(canceled.canceled()).isTrue();
            assertThat(agents.hotCount()).isZero();
            assertThat(agent.alive()).isFalse();
            assertThat(agent.sandbox().status()).isNotEqualTo(SandboxStatus.RUNNING);
            assertThat(git(canceled.workspace().workspace(), "log", "-1", "--format=%s",
                    WorkspaceManager.resultTag(canceled.runId()))).isEqualTo("poco:run " + canceled.runId()
                    + " canceled");

            StandInServer fresh = new StandInServer();
            try {
                int third = model.messageRequests().size();
                model.enqueue(Reply.text("Still here."));
                RunContext next = run(agents, fresh, session, 5, canceled.runId(), followUp("Still there?", first));
                assertCompleted(next);
                assertThat(next.live()).isNotSameAs(agent);
                assertThat(conversationsSince(third).getFirst()).contains("user: Write a", "assistant: Wrote a.",
                        "user: Still there?");
            } finally {
                fresh.close();
            }
        }
    }

    @Test
    void aRunThatDoesNotDirectlyFollowTheHotTurnStartsColdAndClosesTheHotAgent() throws Exception {
        try (LiveAgents agents = new LiveAgents(hot(4), null)) {
            UUID session = UUID.randomUUID();
            model.enqueue(Reply.text("First."));
            RunContext first = run(agents, server, session, 1, null, RunSpec.of("One"));
            assertCompleted(first);
            LiveAgent agent = Objects.requireNonNull(first.live());

            // a regenerate deleted the hot agent's run: the claim names another previous run
            model.enqueue(Reply.text("Again."));
            RunContext regenerated = run(agents, server, session, 1, UUID.randomUUID(), followUp("One", first));

            assertCompleted(regenerated);
            assertThat(regenerated.live()).isNotSameAs(agent);
            assertThat(agent.alive()).isFalse();
        }
    }

    @Test
    void anEvictedSessionContinuesColdWithTheSameConversationAsAColdRun() throws Exception {
        TwoTurns cold;
        try (LiveAgents off = LiveAgents.off()) {
            cold = twoTurns(off);
        }
        try (LiveAgents agents = new LiveAgents(hot(1), null)) {
            UUID session = UUID.randomUUID();
            model.enqueue(Reply.bash("echo one > a.txt", "write"), Reply.text("Wrote a."));
            RunContext first = run(agents, server, session, 1, null, RunSpec.of("Write a"));
            assertCompleted(first);
            LiveAgent evicted = Objects.requireNonNull(first.live());

            model.enqueue(Reply.text("Other."));
            RunContext other = run(agents, server, UUID.randomUUID(), 1, null, RunSpec.of("Another session"));
            assertCompleted(other);
            assertThat(agents.hotCount()).isEqualTo(1);
            assertThat(evicted.alive()).as("the least recently used agent went").isFalse();

            int before = model.messageRequests().size();
            model.enqueue(Reply.bash("echo two >> a.txt", "append"), Reply.text("Appended."));
            RunContext second = run(agents, server, session, 3, first.runId(), followUp("Append two", first));
            assertCompleted(second);
            assertThat(second.live()).isNotSameAs(evicted);
            assertThat(conversationsSince(before)).isEqualTo(cold.secondTurn());
            assertThat(runDiff(second)).isEqualTo(cold.secondDiff());
        }
    }

    private static RunSpec withSkills(String prompt, List<Integer> skills) {
        return new RunSpec(RunSpec.CURRENT, prompt, List.of(), null, PermissionMode.DEFAULT, null,
                new Capabilities(skills, List.of(), List.of(), null, List.of(), null, List.of(), null), NetworkPolicy.NONE,
                null, Browser.DISABLED);
    }

    private LiveAgents pool(RunSpec template) {
        LiveSettings live = new LiveSettings(0, Duration.ofMinutes(1), 0, 1, Duration.ofMinutes(10));
        LiveAgents agents = new LiveAgents(live,
                RunPipelineFactory.warmLauncher(settings, live, driver, workspaces, template, "user-1"));
        agents.start();
        await().atMost(TURN).until(() -> agents.warmCount() == 1);
        return agents;
    }

    @Test
    void aPooledAgentServesANewSessionInTheSessionsOwnWorkspaceAsAColdStartWould() throws Exception {
        List<List<String>> coldTurn;
        String coldDiff;
        List<String> coldTools;
        try (LiveAgents off = LiveAgents.off()) {
            model.enqueue(Reply.bash("echo one > a.txt", "write"), Reply.text("Wrote a."));
            RunContext cold = run(off, server, UUID.randomUUID(), 1, null, RunSpec.of("Write a"));
            assertCompleted(cold);
            coldTurn = conversationsSince(0);
            coldDiff = runDiff(cold);
            coldTools = toolNames(model.messageRequests().getFirst());
        }
        try (LiveAgents agents = pool(RunSpec.of(""))) {
            assertThat(model.requests()).as("the pooled CLI's warm-up counted its tokens at the gateway, not upstream")
                    .noneMatch(r -> r.path().endsWith("/count_tokens"));
            int before = model.messageRequests().size();
            UUID session = UUID.randomUUID();
            model.enqueue(Reply.bash("echo one > a.txt", "write"), Reply.text("Wrote a."));
            RunContext warm = run(agents, server, session, 1, null, RunSpec.of("Write a"));

            assertCompleted(warm);
            assertThat(warm.live()).as("the run took the pooled agent").isNotNull();
            assertThat(warm.workspace()).isEqualTo(workspaces.layout("user-1", session));
            assertThat(warm.workspace().workspace().resolve("a.txt")).hasContent("one");
            assertThat(git(warm.workspace().workspace(), "log", "-1", "--format=%s",
                    WorkspaceManager.baseTag(warm.runId()))).isEqualTo("poco:init");
            assertThat(conversationsSince(before)).isEqualTo(coldTurn);
            assertThat(toolNames(model.messageRequests().get(before))).as("the warmed-up CLI offers the same tools")
                    .isEqualTo(coldTools);
            assertThat(runDiff(warm)).isEqualTo(coldDiff);
            await().atMost(TURN).until(() -> agents.warmCount() == 1); // refilled
            assertThat(Files.list(workspaces.poolRoot()).count()).as("only the new pooled workspace").isEqualTo(1);
        }
    }

    @Test
    void thePoolStartedWithTheRunnerServesTheSingleUsersFirstDefaultTask() throws Exception {
        LiveSettings live = new LiveSettings(0, Duration.ofMinutes(1), 0, 1, Duration.ofMinutes(10));
        try (LiveAgents agents = new LiveAgents(live, RunPipelineFactory.warmLauncher(settings, live, driver,
                workspaces))) {
            agents.start();
            await().atMost(TURN).until(() -> agents.warmCount() == 1);
            // the config snapshot the server's ConfigSnapshots writes for a task with the defaults
            // and the memory tools the claim adds for a user whose memory is on (the default)
            RunSpec task = ConfigSnapshotReader.read(TestRuns.JSON.readTree("{\"mcp_server_ids\": [],"
                    + " \"skill_ids\": [], \"plugin_ids\": [], \"subagent_ids\": []}"), "Hi", null, null)
                    .withMemory(dev.poco.protocol.spec.Memory.ENABLED);
            model.enqueue(Reply.text("Hello."));

            RunContext first = run(agents, server, UUID.randomUUID(), 1, null, task, ClaimedRun.SINGLE_USER);

            assertCompleted(first);
            assertThat(first.live()).as("the first task after a start is warm").isNotNull();
        }
    }

    @Test
    void aRunOnAPooledAgentDoesNotQueueBehindColdStarts() throws Exception {
        HostBudget oneStart = TestRuns.budget(8, 1);
        Admission coldStart = oneStart.tryAdmit("a cold start in progress").orElseThrow(); // holds the only start
        try (LiveAgents agents = pool(RunSpec.of(""))) {
            model.enqueue(Reply.text("Warm."));
            RunContext warm = CompletableFuture.supplyAsync(() -> run(agents, server, UUID.randomUUID(), 1, null,
                    RunSpec.of("Hi"), "user-1", oneStart)).get(TURN.toSeconds(), TimeUnit.SECONDS);

            assertCompleted(warm);
            assertThat(warm.live()).as("served by the pool while a cold start held the start slot").isNotNull();
        } finally {
            coldStart.close();
        }
    }

    @Test
    void aPooledAgentIsNeverGivenToARunWithOtherSkillsOrCapabilities() throws Exception {
        // the skills' rows resolve to nothing to stage here: what tells the runs apart is the ids they ask for
        server.answers.put("/api/v1/internal/skill-config/resolve", Map.of());
        try (LiveAgents agents = pool(withSkills("", List.of(1)))) {
            model.enqueue(Reply.text("Other skills."));
            RunContext other = run(agents, server, UUID.randomUUID(), 1, null, withSkills("Hi", List.of(2)));
            assertCompleted(other);
            assertThat(other.live()).as("a run with other skills starts cold").isNull();

            // the pool follows the configuration that missed it; the agent of skills [1] is never handed out
            await().atMost(TURN).until(() -> agents.warmCount() == 1);
            model.enqueue(Reply.text("Pool's skills again."));
            RunContext first = run(agents, server, UUID.randomUUID(), 1, null, withSkills("Hi", List.of(1)));
            assertCompleted(first);
            assertThat(first.live()).as("the pool serves skills [2] now").isNull();

            await().atMost(TURN).until(() -> agents.warmCount() == 1);
            model.enqueue(Reply.text("Same skills."));
            RunContext same = run(agents, server, UUID.randomUUID(), 1, null, withSkills("Hi", List.of(1)));
            assertCompleted(same);
            assertThat(same.live()).as("a run with the pool's skills takes it").isNotNull();
            assertThat(Objects.requireNonNull(same.live()).key())
                    .isEqualTo(LiveAgentStage.keyOf(withSkills("", List.of(1)), settings, "user-1"));
        }
    }
}
