package dev.poco.runner.claude.realcli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.PermissionMode;
import dev.poco.protocol.SdkTypes;
import dev.poco.runner.claude.ClaudeCliSession;
import dev.poco.runner.claude.TurnResult;
import dev.poco.runner.claude.message.AssistantMessage;
import dev.poco.runner.claude.message.SystemMessage;
import dev.poco.runner.claude.message.ToolUseBlock;
import dev.poco.runner.claude.protocol.PermissionDecision;
import dev.poco.runner.claude.protocol.ToolPermissionHandler;
import dev.poco.runner.claude.protocol.ToolPermissionRequest;
import dev.poco.testkit.anthropic.ContentBlock;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.runner.messages.PocoMessage;
import dev.poco.runner.messages.PocoMessageListener;
import dev.poco.runner.messages.TextDeltas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The real Claude Code 2.1.197 against {@link FakeAnthropicServer}; about one second per CLI run. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RealClaudeCliTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String QUESTION = "Which color do you prefer?";

    @TempDir
    Path home;

    @TempDir
    Path workspace;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    /** What the runner reports: without the lines only --include-partial-messages adds (see TextDeltas). */
    private final List<PocoMessage> messages = new CopyOnWriteArrayList<>();

    private void keep(PocoMessage message) {
        if (!TextDeltas.partialOnly(message.message())) {
            messages.add(message);
        }
    }
    private final List<ToolPermissionRequest> permissionRequests = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    private RealCli cli(Function<RecordedRequest, Reply> responder) {
        var server = new FakeAnthropicServer().start().respondWith(responder);
        toClose.add(server);
        return new RealCli(home, workspace, server);
    }

    /** Replies in order, one per message request; the last one repeats. */
    private RealCli cli(Reply... replies) {
        RealCli cli = cli(request -> replies[replies.length - 1]);
        cli.server().enqueue(replies);
        return cli;
    }

    private static Reply toolUse(String id, String name, ObjectNode input) {
        return Reply.message(new ContentBlock.ToolUse(id, name, input));
    }

    private ToolPermissionHandler recording(ToolPermissionHandler handler) {
        return request -> {
            permissionRequests.add(request);
            return handler.decide(request);
        };
    }

    private TurnResult run(ClaudeCliSession session, String prompt) throws InterruptedException {
        toClose.add(session);
        return session.runTurn(prompt, new PocoMessageListener(this::keep));
    }

    private static ObjectNode bashInput(String command) {
        return JSON.objectNode().put("command", command).put("description", "run " + command);
    }

    /**
     * Bash first, text once the tool_result is there. Tool ids must be unique per conversation: CLI 2.1.197 turns a
     * tool_use whose id already occurs in the history into "[Tool use interrupted]" and asks the model again.
     */
    private static Function<RecordedRequest, Reply> bashThenText() {
        var messageRequests = new AtomicInteger();
        return request -> {
            int number = messageRequests.incrementAndGet();
            return request.hasToolResult() ? Reply.text("Done, wrote out.txt")
                    : toolUse("toolu_bash_" + number, "Bash", bashInput("echo hello > out.txt"));
        };
    }

    private List<String> pocoTypes() {
        return messages.stream().map(m -> m.poco().get(SdkTypes.TYPE_FIELD).asString()).toList();
    }

    @Test
    void bashToolUseToolResultAndTextEndWithASuccessfulResultMappedToPocoJson() throws Exception {
        RealCli cli = cli(bashThenText());
        ClaudeCliSession session = cli.session(RealCli.command(), recording(ToolPermissionHandler.allowAll()), "bash-turn");

        TurnResult result = run(session, "write hello to out.txt");

        assertThat(result.failed()).isFalse();
        assertThat(result.exit()).hasValue(0);
        assertThat(result.sessionId()).isNotBlank().isEqualTo(session.sessionId());
        assertThat(Files.readString(workspace.resolve("out.txt"))).isEqualTo("hello\n");
        assertThat(pocoTypes()).containsExactly(SdkTypes.SYSTEM_MESSAGE, SdkTypes.ASSISTANT_MESSAGE,
                SdkTypes.USER_MESSAGE, SdkTypes.ASSISTANT_MESSAGE, SdkTypes.RESULT_MESSAGE);

        ObjectNode init = messages.get(0).poco();
        assertThat(init.get("subtype").asString()).isEqualTo("init");
        assertThat(init.get("data").get("session_id").asString()).isEqualTo(result.sessionId());
        assertThat(init.get("data").get("claude_code_version").asString()).isEqualTo("2.1.197");
        assertThat(init.get("data").get("tools").toString()).contains("AskUserQuestion", "ExitPlanMode", "TodoWrite")
                .doesNotContain("WebFetch", "WebSearch");

        JsonNode toolUse = messages.get(1).poco().get("content").get(0);
        assertThat(toolUse.get(SdkTypes.TYPE_FIELD).asString()).isEqualTo(SdkTypes.TOOL_USE_BLOCK);
        assertThat(toolUse.get("id").asString()).isEqualTo("toolu_bash_1");
        assertThat(toolUse.get("name").asString()).isEqualTo("Bash");
        assertThat(toolUse.get("input").get("command").asString()).isEqualTo("echo hello > out.txt");
        assertThat(messages.get(1).poco().get("model").asString()).isNotBlank();

        ObjectNode user = messages.get(2).poco();
        JsonNode toolResult = user.get("content").get(0);
        assertThat(toolResult.get(SdkTypes.TYPE_FIELD).asString()).isEqualTo(SdkTypes.TOOL_RESULT_BLOCK);
        assertThat(toolResult.get("tool_use_id").asString()).isEqualTo("toolu_bash_1");
        assertThat(toolResult.get("content").asString()).isEqualTo("(Bash completed with no output)");
        assertThat(toolResult.get("is_error").asBoolean()).isFalse();
        assertThat(user.get("tool_use_result").get("stdout").asString()).isEmpty();
        assertThat(user.get("uuid").asString()).isNotBlank();

        ObjectNode resultJson = messages.get(4).poco();
        assertThat(resultJson.properties()).extracting(e -> e.getKey()).containsExactly(SdkTypes.TYPE_FIELD,
                "subtype", "duration_ms", "duration_api_ms", "is_error", "num_turns", "session_id", "total_cost_usd",
                "usage", "result", "structured_output");
        assertThat(resultJson.get("subtype").asString()).isEqualTo("success");
        assertThat(resultJson.get("is_error").asBoolean()).isFalse();
        assertThat(resultJson.get("result").asString()).isEqualTo("Done, wrote out.txt");
        assertThat(resultJson.get("num_turns").asInt()).isEqualTo(2);
        assertThat(resultJson.get("usage").get("output_tokens").asInt()).isPositive();

        assertThat(permissionRequests).singleElement().satisfies(request -> {
            assertThat(request.toolName()).isEqualTo("Bash");
            assertThat(request.toolUseId()).isEqualTo("toolu_bash_1");
            assertThat(request.permissionSuggestions()).isNotEmpty();
        });
    }

    @Test
    void askUserQuestionIsAnsweredThroughCanUseToolAndTheAnswerReachesTheModel() throws Exception {
        ObjectNode question = JSON.objectNode().put("question", QUESTION).put("header", "Color")
                .put("multiSelect", false);
        question.putArray("options").add(JSON.objectNode().put("label", "Red").put("description", "warm"))
                .add(JSON.objectNode().put("label", "Blue").put("description", "cool"));
        ObjectNode input = JSON.objectNode();
        input.putArray("questions").add(question);
        RealCli cli = cli(request -> request.hasToolResult()
                ? Reply.text("Blue it is")
                : toolUse("toolu_ask_1", "AskUserQuestion", input));
        ToolPermissionHandler answering = request -> {
            if (!request.toolName().equals("AskUserQuestion")) {
                return PermissionDecision.deny("unexpected tool");
            }
            ObjectNode updated = JSON.objectNode();
            updated.set("questions", request.input().get("questions"));
            updated.putObject("answers").put(QUESTION, "Blue");
            return PermissionDecision.allow(updated);
        };

        TurnResult result = run(cli.session(RealCli.command(), recording(answering), "ask-user-question"), "pick");

        assertThat(result.failed()).isFalse();
        assertThat(permissionRequests).singleElement().satisfies(request -> {
            assertThat(request.toolUseId()).isEqualTo("toolu_ask_1");
            assertThat(request.input().get("questions").get(0).get("question").asString()).isEqualTo(QUESTION);
        });
        List<RecordedRequest> requests = cli.server().messageRequests();
        assertThat(requests).hasSize(2);
        JsonNode toolResult = requests.get(1).messages().getLast().get("content").get(0);
        assertThat(toolResult.get("type").asString()).isEqualTo("tool_result");
        assertThat(toolResult.get("tool_use_id").asString()).isEqualTo("toolu_ask_1");
        assertThat(toolResult.get("content").toString()).contains(QUESTION).contains("Blue");
        ObjectNode userPoco = messages.stream().map(PocoMessage::poco)
                .filter(p -> p.get(SdkTypes.TYPE_FIELD).asString().equals(SdkTypes.USER_MESSAGE)).findFirst()
                .orElseThrow();
        assertThat(userPoco.get("tool_use_result").get("answers").get(QUESTION).asString()).isEqualTo("Blue");
        assertThat(userPoco.get("content").get(0).get("is_error").isNull()).isTrue();
    }

    @Test
    void aDenyWithInterruptEndsTheTurnAsAnError() throws Exception {
        RealCli cli = cli(bashThenText());

        TurnResult result = run(cli.session(RealCli.command(),
                recording(request -> PermissionDecision.denyAndInterrupt("user said no")), "deny-interrupt"), "go");

        assertThat(result.failed()).isTrue();
        assertThat(result.result().isError()).isTrue();
        assertThat(result.result().subtype()).isEqualTo("error_during_execution");
        assertThat(result.result().terminalReason()).isEqualTo("aborted_tools");
        assertThat(result.exit()).hasValue(1);
        assertThat(result.toException().terminalReason()).isEqualTo("aborted_tools");
        assertThat(cli.server().messageRequests()).hasSize(1);
        assertThat(Files.exists(workspace.resolve("out.txt"))).isFalse();
        assertThat(result.result().raw().get("permission_denials").get(0).get("tool_name").asString())
                .isEqualTo("Bash");
    }

    @Test
    void interruptDuringASlowModelResponseEndsTheTurnQuickly() throws Exception {
        var requestArrived = new CountDownLatch(1);
        // The slow model is the behaviour under test: the interrupt must end the turn before this reply comes.
        RealCli cli = cli(request -> {
            requestArrived.countDown();
            return Reply.text("too late").delayFirstByte(Duration.ofSeconds(30));
        });
        ClaudeCliSession session = cli.session(RealCli.command(), ToolPermissionHandler.allowAll(), "interrupt-slow");
        var modeAndModel = new CompletableFuture<List<ObjectNode>>();
        Thread.ofVirtual().start(() -> {
            try {
                if (requestArrived.await(60, TimeUnit.SECONDS)) {
                    // the other control requests are accepted mid-turn too
                    modeAndModel.complete(List.of(
                            session.setPermissionMode(PermissionMode.ACCEPT_EDITS).get(10, TimeUnit.SECONDS),
                            session.setModel("claude-sonnet-4-6").get(10, TimeUnit.SECONDS)));
                    session.interrupt().get(10, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        TurnResult result = run(session, "take your time");

        // Ended by the interrupt, not by the slow reply: the turn was aborted while streaming and "too late" never came.
        assertThat(result.failed()).isTrue();
        assertThat(result.result().isError()).isTrue();
        assertThat(result.result().subtype()).isEqualTo("error_during_execution");
        assertThat(result.result().terminalReason()).isEqualTo("aborted_streaming");
        assertThat(result.exit()).hasValue(1);
        assertThat(messages.stream().map(m -> m.poco().toString()))
                .anyMatch(json -> json.contains("[Request interrupted by user]"))
                .noneMatch(json -> json.contains("too late"));
        assertThat(modeAndModel.get(10, TimeUnit.SECONDS)).hasSize(2);
    }

    @Test
    void interruptWhileAPermissionHandlerWaitsCancelsTheHandler() throws Exception {
        var handlerStarted = new CountDownLatch(1);
        var handlerInterrupted = new CountDownLatch(1);
        ObjectNode input = JSON.objectNode();
        input.putArray("questions").add(JSON.objectNode().put("question", QUESTION).put("header", "Color")
                .put("multiSelect", false).set("options", JSON.arrayNode()
                        .add(JSON.objectNode().put("label", "Red").put("description", "warm"))
                        .add(JSON.objectNode().put("label", "Blue").put("description", "cool"))));
        RealCli cli = cli(toolUse("toolu_ask_2", "AskUserQuestion", input), Reply.text("unreachable"));
        ClaudeCliSession session = cli.session(RealCli.command(), request -> {
            handlerStarted.countDown();
            try {
                new CountDownLatch(1).await(); // a user who never answers: waits until interrupted
            } catch (InterruptedException e) {
                handlerInterrupted.countDown();
                throw e;
            }
            return PermissionDecision.allow();
        }, "interrupt-pending-question");
        Thread.ofVirtual().start(() -> {
            try {
                if (handlerStarted.await(60, TimeUnit.SECONDS)) {
                    session.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        TurnResult result = run(session, "ask me");

        assertThat(handlerInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(result.failed()).isTrue();
        assertThat(result.result().terminalReason()).isEqualTo("aborted_tools");
    }

    @Test
    void aWarmUpCountsTheFirstTurnsContextAndSendsNoMessage() throws Exception {
        RealCli cli = cli(Reply.text("Hello."));
        ClaudeCliSession session = cli.session(RealCli.command(), ToolPermissionHandler.allowAll(), "warm-up");
        toClose.add(session);

        session.warmUp();

        List<RecordedRequest> asked = cli.server().requests();
        assertThat(asked).as("get_context_usage counts system prompt, tools and skills")
                .anyMatch(r -> r.path().equals("/v1/messages/count_tokens"));
        assertThat(cli.server().messageRequests()).as("no model turn").isEmpty();

        TurnResult warm = session.runTurn("hi", new PocoMessageListener(this::keep));
        TurnResult cold = run(cli.session(RealCli.command(), ToolPermissionHandler.allowAll(), "no-warm-up"), "hi");

        assertThat(warm.failed()).isFalse();
        assertThat(cold.failed()).isFalse();
        List<RecordedRequest> turns = cli.server().messageRequests();
        assertThat(turns).hasSize(2);
        assertThat(turns.get(0).json().get("messages").size()).as("the same conversation as without a warm-up")
                .isEqualTo(turns.get(1).json().get("messages").size());
        assertThat(turns.get(0).json().get("tools")).isEqualTo(turns.get(1).json().get("tools"));
    }

    @Test
    void resumeInASecondProcessSendsTheEarlierConversationToTheModel() throws Exception {
        RealCli cli = cli(bashThenText());
        TurnResult first = run(cli.session(RealCli.command(), ToolPermissionHandler.allowAll(), "resume-first"),
                "write hello to out.txt");
        assertThat(first.failed()).isFalse();
        int firstRequests = cli.server().messageRequests().size();
        messages.clear();

        TurnResult second = run(cli.session(RealCli.command().withResume(first.sessionId()),
                ToolPermissionHandler.allowAll(), "resume-second"), "and again");

        assertThat(second.failed()).isFalse();
        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        RecordedRequest resumedRequest = cli.server().messageRequests().get(firstRequests);
        String history = resumedRequest.json().get("messages").toString();
        assertThat(history).contains("write hello to out.txt").contains("toolu_bash_1").contains("and again");
        assertThat(messages.getFirst().message()).isInstanceOfSatisfying(SystemMessage.class,
                init -> assertThat(init.sessionId()).isEqualTo(first.sessionId()));
    }

    @Test
    void todoWriteAndThinkingBlocksDriveTheAgentState() throws Exception {
        ObjectNode first = JSON.objectNode();
        first.putArray("todos")
                .add(JSON.objectNode().put("content", "Write the file").put("status", "in_progress")
                        .put("activeForm", "Writing the file"))
                .add(JSON.objectNode().put("content", "Check the file").put("status", "pending")
                        .put("activeForm", "Checking the file"));
        ObjectNode second = JSON.objectNode();
        second.putArray("todos")
                .add(JSON.objectNode().put("content", "Write the file").put("status", "completed")
                        .put("activeForm", "Writing the file"))
                .add(JSON.objectNode().put("content", "Check the file").put("status", "in_progress")
                        .put("activeForm", "Checking the file"));
        RealCli cli = cli(
                Reply.message(new ContentBlock.Thinking("Plan first.", "sig-1"),
                        new ContentBlock.ToolUse("toolu_todo_1", "TodoWrite", first)),
                toolUse("toolu_todo_2", "TodoWrite", second), Reply.text("Finished."));

        TurnResult result = run(cli.session(RealCli.command(), ToolPermissionHandler.allowAll(), "todo-thinking"),
                "plan it");

        assertThat(result.failed()).isFalse();
        assertThat(permissionRequests).isEmpty(); // TodoWrite never asks
        PocoMessage thinking = messages.stream().filter(m -> m.poco().toString().contains("ThinkingBlock"))
                .findFirst().orElseThrow();
        assertThat(thinking.poco().get("content").get(0).get("thinking").asString()).isEqualTo("Plan first.");
        assertThat(thinking.poco().get("content").get(0).get("signature").asString()).isEqualTo("sig-1");
        List<PocoMessage> todoWrites = messages.stream()
                .filter(m -> m.message() instanceof AssistantMessage a
                        && a.content().stream().anyMatch(b -> b instanceof ToolUseBlock t && t.name().equals("TodoWrite")))
                .toList();
        assertThat(todoWrites).hasSize(2);
        assertThat(todoWrites.get(0).progress()).isZero();
        assertThat(todoWrites.get(0).state().currentStep()).isEqualTo("Writing the file");
        assertThat(todoWrites.get(1).progress()).isEqualTo(50);
        assertThat(todoWrites.get(1).state().currentStep()).isEqualTo("Checking the file");
        assertThat(messages.getLast().state().todos()).extracting(t -> t.activeForm())
                .containsExactly("Writing the file", "Checking the file");
    }

    @Test
    void planModeAsksForWritesAndChangingBashButRunsWhatTheHandlerAllows() throws Exception {
        Path planned = workspace.resolve("planned.txt");
        RealCli cli = cli(
                toolUse("toolu_w1", "Write", JSON.objectNode().put("file_path", planned.toString())
                        .put("content", "too early\n")),
                toolUse("toolu_b1", "Bash", bashInput("echo x > bash.txt")),
                toolUse("toolu_r1", "Bash", bashInput("ls")),
                toolUse("toolu_p1", "ExitPlanMode", JSON.objectNode().put("plan", "1. write planned.txt")),
                toolUse("toolu_w2", "Write", JSON.objectNode().put("file_path", planned.toString())
                        .put("content", "after approval\n")),
                Reply.text("All done"));
        // poco's plan gate: read-only tools, questions and ExitPlanMode pass; the rest waits for plan approval.
        var approved = new boolean[1];
        ToolPermissionHandler planGate = request -> {
            if (request.toolName().equals("ExitPlanMode")) {
                approved[0] = true;
                return PermissionDecision.allow();
            }
            return approved[0] ? PermissionDecision.allow() : PermissionDecision.deny("Plan not approved yet");
        };

        TurnResult result = run(cli.session(RealCli.command().withPermissionMode(PermissionMode.PLAN),
                recording(planGate), "plan-mode"), "make a plan");

        assertThat(result.failed()).isFalse();
        assertThat(permissionRequests).extracting(ToolPermissionRequest::toolName)
                .containsExactly("Write", "Bash", "ExitPlanMode", "Write"); // read-only "ls" never asks
        assertThat(permissionRequests.get(0).decisionReasonType()).isEqualTo("mode");
        assertThat(permissionRequests.get(0).permissionSuggestions()).isEmpty();
        assertThat(permissionRequests.get(1).decisionReasonType()).isNull();
        assertThat(permissionRequests.get(3).decisionReasonType()).isNull();
        assertThat(Files.readString(planned)).isEqualTo("after approval\n");
        assertThat(Files.exists(workspace.resolve("bash.txt"))).isFalse();
        assertThat(messages).anySatisfy(m -> assertThat(m.message()).isInstanceOfSatisfying(SystemMessage.class,
                s -> {
                    assertThat(s.subtype()).isEqualTo("status");
                    assertThat(s.permissionMode()).isEqualTo("default");
                }));
        assertThat(messages.stream().map(m -> m.raw().toString()))
                .anyMatch(json -> json.contains("User has approved your plan"));
    }

    @Test
    void planModeDoesNotAskForPreApprovedBash() throws Exception {
        RealCli cli = cli(
                toolUse("toolu_b1", "Bash", bashInput("echo x > bash.txt")),
                toolUse("toolu_w1", "Write", JSON.objectNode()
                        .put("file_path", workspace.resolve("w.txt").toString()).put("content", "w\n")),
                Reply.text("done"));

        TurnResult result = run(cli.session(RealCli.command().withPermissionMode(PermissionMode.PLAN)
                        .withAllowedTools(List.of("Bash", "Write")),
                recording(request -> PermissionDecision.deny("Plan not approved yet")), "plan-mode-preapproved"),
                "plan");

        assertThat(result.failed()).isFalse();
        // Bash ran in plan mode without asking; Write still asked (decision_reason_type "mode") and was denied.
        assertThat(Files.readString(workspace.resolve("bash.txt"))).isEqualTo("x\n");
        assertThat(permissionRequests).extracting(ToolPermissionRequest::toolName).containsExactly("Write");
        assertThat(permissionRequests.getFirst().decisionReasonType()).isEqualTo("mode");
        assertThat(Files.exists(workspace.resolve("w.txt"))).isFalse();
    }
}
