package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.spec.Memory;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.claude.ClaudeCliLocator;
import dev.poco.runner.live.LiveAgents;
import dev.poco.runner.memory.MemoryTools;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The agent's memory tools (poco's {@code __poco_memory}) with the real CLI in the real sandbox: the CLI reaches the
 * runner's in-process MCP server through the control protocol, the tools run without asking, and a call becomes the
 * server's internal memory route for the run's session. Nothing of it is in the sandbox.
 */
class MemoryRunTest extends RealWorkspaceBase {

    private static final String CREATE = MemoryTools.TOOL_PREFIX + "memory_create";
    private static final String SEARCH = MemoryTools.TOOL_PREFIX + "memory_search";

    private FakeAnthropicServer model;

    @BeforeEach
    void start() {
        model = new FakeAnthropicServer().start();
    }

    @AfterEach
    void stop() {
        model.close();
    }

    private RunContext run(RunSpec spec) {
        RunContext ctx = TestRuns.context(spec, TestRuns.settings(scratch, URI.create(model.baseUrl()),
                new ClaudeCliLocator().locate()), server);
        new RunPipeline(List.of(new ReportStage(), new PrepareWorkspaceStage(workspaces), new StartGatewayStage(driver),
                new StartSandboxStage(driver), new DriveCliStage(workspaces, LiveAgents.off()))).execute(ctx);
        return ctx;
    }

    private static List<String> tools(RecordedRequest request) {
        List<String> names = new ArrayList<>();
        request.json().path("tools").forEach(tool -> names.add(tool.path("name").asString("")));
        return names;
    }

    @Test
    void theModelsMemoryCreateCallIsStoredThroughTheServerForTheRunsSession() {
        String memoryId = UUID.randomUUID().toString();
        server.answers.put("/api/v1/internal/memories", Map.of("job_id", UUID.randomUUID().toString(),
                "status", "success", "result", Map.of("results", List.of(Map.of("id", memoryId,
                        "memory", "The user likes green tea", "event", "ADD")))));
        server.answers.put("/api/v1/internal/memories/search", Map.of("results", List.of(Map.of("id", memoryId,
                "memory", "The user likes green tea", "score", 0.9))));
        model.enqueue(Reply.toolUse(CREATE, Map.of("text", "The user likes green tea")),
                Reply.toolUse(SEARCH, Map.of("query", "tea")), Reply.text("I will remember that."));

        RunContext ctx = run(RunSpec.of("Remember that I like green tea").withMemory(Memory.ENABLED));

        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.Finished.class,
                done -> assertThat(done.status()).isEqualTo(CallbackStatus.COMPLETED));
        List<RecordedRequest> requests = model.messageRequests();
        assertThat(requests).hasSize(3);
        assertThat(tools(requests.getFirst())).contains(CREATE, SEARCH, MemoryTools.TOOL_PREFIX + "memory_list",
                MemoryTools.TOOL_PREFIX + "memory_delete");

        List<StandInServer.Request> creates = server.requests("/api/v1/internal/memories");
        assertThat(creates).hasSize(1);
        JsonNode body = creates.getFirst().body();
        assertThat(body.path("messages").get(0).path("role").asString()).isEqualTo("user");
        assertThat(body.path("messages").get(0).path("content").asString()).isEqualTo("The user likes green tea");
        assertThat(body.path("infer").asBoolean(true)).isFalse();
        assertThat(server.queries.get("/api/v1/internal/memories")).isEqualTo("session_id=" + ctx.sessionId());
        assertThat(server.requests("/api/v1/internal/memories/search").getFirst().body().path("query").asString())
                .isEqualTo("tea");

        String created = requests.get(1).toolResultContent(requests.get(1).toolResultIds().getLast()).orElseThrow();
        assertThat(created).startsWith("memory_create\n").contains(memoryId).contains("\"event\" : \"ADD\"");
        String found = requests.get(2).toolResultContent(requests.get(2).toolResultIds().getLast()).orElseThrow();
        assertThat(found).startsWith("memory_search\n").contains("The user likes green tea");
        assertThat(server.requests("/internal/user-input-requests")).as("the tools never ask").isEmpty();
    }

    @Test
    void aRefusedCallIsTheToolsErrorAndTheRunGoesOn() {
        model.enqueue(Reply.toolUse(MemoryTools.TOOL_PREFIX + "memory_get", Map.of("memory_id", "nope")),
                Reply.text("It is not there."));

        RunContext ctx = run(RunSpec.of("Read memory nope").withMemory(Memory.ENABLED));

        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.Finished.class,
                done -> assertThat(done.status()).isEqualTo(CallbackStatus.COMPLETED));
        RecordedRequest second = model.messageRequests().get(1);
        String result = second.toolResultContent(second.toolResultIds().getLast()).orElseThrow();
        assertThat(result).startsWith("memory_get_error\n").contains("not here");
    }

    @Test
    void withMemoryOffTheAgentHasNoMemoryTools() {
        model.enqueue(Reply.text("Hello."));

        RunContext ctx = run(RunSpec.of("Hi"));

        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.Finished.class,
                done -> assertThat(done.status()).isEqualTo(CallbackStatus.COMPLETED));
        assertThat(tools(model.messageRequests().getFirst())).noneMatch(t -> t.startsWith("mcp____poco_memory"));
    }
}
