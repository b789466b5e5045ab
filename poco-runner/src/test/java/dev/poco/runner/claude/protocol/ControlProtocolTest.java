package dev.poco.runner.claude.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.protocol.PermissionMode;
import dev.poco.runner.claude.error.CliException;
import dev.poco.runner.claude.error.CliProcessException;
import dev.poco.runner.claude.error.CliProtocolException;
import dev.poco.runner.claude.error.ControlTimeoutException;
import dev.poco.runner.claude.transport.FakeCliTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class ControlProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ControlProtocol.Options FAST =
            new ControlProtocol.Options(Duration.ofMillis(300), Duration.ofMillis(300));

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private ControlProtocol started(FakeCliTransport fake, ToolPermissionHandler handler,
            ControlProtocol.Options options) {
        var protocol = new ControlProtocol(fake, handler, options);
        toClose.add(protocol);
        toClose.add(fake);
        protocol.start();
        return protocol;
    }

    private static String canUseTool(String requestId, String tool, String inputJson) {
        return """
                {"type":"control_request","request_id":"%s","request":{"subtype":"can_use_tool","tool_name":"%s",\
                "display_name":"%s","input":%s,"permission_suggestions":[{"type":"addRules","behavior":"allow"}],\
                "tool_use_id":"toolu_%s"}}""".formatted(requestId, tool, tool, inputJson, requestId);
    }

    @Test
    void initializeSendsHooksNullAndReturnsTheAnswer() throws Exception {
        var fake = FakeCliTransport.silent();
        var protocol = started(fake, ToolPermissionHandler.allowAll(), ControlProtocol.Options.defaults());

        ObjectNode answer = protocol.initialize();

        assertThat(answer.get("pid").asInt()).isEqualTo(4242);
        ObjectNode sent = fake.written().getFirst();
        assertThat(sent.get("type").asString()).isEqualTo("control_request");
        assertThat(sent.get("request_id").asString()).isNotBlank();
        assertThat(sent.get("request").get("subtype").asString()).isEqualTo("initialize");
        assertThat(sent.get("request").has("hooks")).isTrue();
        assertThat(sent.get("request").get("hooks").isNull()).isTrue();
        assertThat(protocol.pendingRequests()).isZero();
    }

    @Test
    void initializeTimesOutWithTheSubtype() {
        var fake = FakeCliTransport.silent().withoutAutoInitialize();
        var protocol = started(fake, ToolPermissionHandler.allowAll(), FAST);

        assertThatThrownBy(protocol::initialize).isInstanceOf(ControlTimeoutException.class)
                .satisfies(e -> assertThat(((ControlTimeoutException) e).subtype()).isEqualTo("initialize"));
        assertThat(protocol.pendingRequests()).isZero();
    }

    @Test
    void canUseToolAllowRoundTripSendsTheUpdatedInput() throws Exception {
        var fake = FakeCliTransport.silent();
        var seen = new CompletableFuture<ToolPermissionRequest>();
        started(fake, request -> {
            seen.complete(request);
            ObjectNode updated = request.input().deepCopy();
            updated.putObject("answers").put("Which color?", "Blue");
            return PermissionDecision.allow(updated);
        }, ControlProtocol.Options.defaults());

        fake.emit(canUseTool("r1", "AskUserQuestion", "{\"questions\":[{\"question\":\"Which color?\"}]}"));
        ObjectNode response = fake.awaitResponse("r1", WAIT);

        ToolPermissionRequest request = seen.get(5, TimeUnit.SECONDS);
        assertThat(request.toolName()).isEqualTo("AskUserQuestion");
        assertThat(request.toolUseId()).isEqualTo("toolu_r1");
        assertThat(request.permissionSuggestions()).hasSize(1);
        assertThat(response.get("response").get("subtype").asString()).isEqualTo("success");
        ObjectNode body = (ObjectNode) response.get("response").get("response");
        assertThat(body.get("behavior").asString()).isEqualTo("allow");
        assertThat(body.get("updatedInput").get("answers").get("Which color?").asString()).isEqualTo("Blue");
        assertThat(body.get("updatedInput").get("questions")).hasSize(1);
    }

    @Test
    void allowWithoutUpdatedInputSendsTheOriginalInput() throws Exception {
        var fake = FakeCliTransport.silent();
        started(fake, ToolPermissionHandler.allowAll(), ControlProtocol.Options.defaults());

        fake.emit(canUseTool("r1", "Bash", "{\"command\":\"ls\"}"));

        ObjectNode body = (ObjectNode) fake.awaitResponse("r1", WAIT).get("response").get("response");
        assertThat(body.toString()).isEqualTo("{\"behavior\":\"allow\",\"updatedInput\":{\"command\":\"ls\"}}");
    }

    @Test
    void denyRoundTripCarriesMessageAndInterruptFlag() throws Exception {
        var fake = FakeCliTransport.silent();
        started(fake, request -> request.toolName().equals("ExitPlanMode")
                ? PermissionDecision.denyAndInterrupt("plan rejected")
                : PermissionDecision.deny("not in plan mode"), ControlProtocol.Options.defaults());

        fake.emit(canUseTool("r1", "Write", "{}"));
        fake.emit(canUseTool("r2", "ExitPlanMode", "{\"plan\":\"p\"}"));

        assertThat(fake.awaitResponse("r1", WAIT).get("response").get("response").toString())
                .isEqualTo("{\"behavior\":\"deny\",\"message\":\"not in plan mode\",\"interrupt\":false}");
        assertThat(fake.awaitResponse("r2", WAIT).get("response").get("response").toString())
                .isEqualTo("{\"behavior\":\"deny\",\"message\":\"plan rejected\",\"interrupt\":true}");
    }

    @Test
    void aBlockingHandlerDoesNotStallOtherMessages() throws Exception {
        var fake = FakeCliTransport.silent();
        var release = new CountDownLatch(1);
        var protocol = started(fake, request -> {
            release.await();
            return PermissionDecision.allow();
        }, ControlProtocol.Options.defaults());

        fake.emit(canUseTool("r1", "AskUserQuestion", "{}"));
        fake.emit("{\"type\":\"system\",\"subtype\":\"status\",\"n\":1}");
        Inbound next = protocol.poll(WAIT);
        assertThat(next).isInstanceOfSatisfying(Inbound.Message.class,
                message -> assertThat(message.json().get("n").asInt()).isEqualTo(1));
        // a control request of our own is answered while the handler is still blocked
        CompletableFuture<ObjectNode> interrupt = protocol.interrupt();
        ObjectNode sent = fake.awaitWritten(n -> n.path("request").path("subtype").asString("").equals("interrupt"),
                WAIT);
        fake.emit(FakeCliTransport.success(sent.get("request_id").asString()));
        assertThat(interrupt.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(fake.written()).noneMatch(n -> n.path("response").path("request_id").asString("").equals("r1"));

        release.countDown();
        assertThat(fake.awaitResponse("r1", WAIT).get("response").get("response").get("behavior").asString())
                .isEqualTo("allow");
    }

    @Test
    void controlCancelRequestInterruptsTheHandlerAndSuppressesItsAnswer() throws Exception {
        var fake = FakeCliTransport.silent();
        var started = new CountDownLatch(1);
        var interrupted = new CountDownLatch(1);
        var handlerThread = new CompletableFuture<Thread>();
        var protocol = started(fake, request -> {
            handlerThread.complete(Thread.currentThread());
            started.countDown();
            try {
                new CountDownLatch(1).await(); // a user who never answers: waits until interrupted
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return PermissionDecision.allow();
        }, ControlProtocol.Options.defaults());

        fake.emit(canUseTool("r1", "AskUserQuestion", "{}"));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        fake.emit("{\"type\":\"control_cancel_request\",\"request_id\":\"r1\"}");
        fake.emit("{\"type\":\"result\",\"marker\":true}");

        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(protocol.poll(WAIT)).isInstanceOf(Inbound.Message.class);
        // the handler's thread has ended: anything it was going to answer has been written by now
        assertThat(handlerThread.get().join(WAIT)).isTrue();
        assertThat(fake.written()).noneMatch(n -> n.path("type").asString("").equals("control_response"));
    }

    @Test
    void aFailingHandlerIsReportedAsAnErrorResponse() throws Exception {
        var fake = FakeCliTransport.silent();
        started(fake, request -> {
            throw new IllegalStateException("user-input service down");
        }, ControlProtocol.Options.defaults());

        fake.emit(canUseTool("r1", "AskUserQuestion", "{}"));

        var response = fake.awaitResponse("r1", WAIT).get("response");
        assertThat(response.toString())
                .isEqualTo("{\"subtype\":\"error\",\"request_id\":\"r1\",\"error\":\"user-input service down\"}");
    }

    @Test
    void unsupportedIncomingRequestsGetAnErrorInsteadOfSilence() throws Exception {
        var fake = FakeCliTransport.silent();
        started(fake, ToolPermissionHandler.allowAll(), ControlProtocol.Options.defaults());

        fake.emit("{\"type\":\"control_request\",\"request_id\":\"h1\",\"request\":{\"subtype\":\"hook_callback\","
                + "\"callback_id\":\"hook_0\",\"input\":{}}}");
        fake.emit("{\"type\":\"control_request\",\"request_id\":\"m1\",\"request\":{\"subtype\":\"mcp_message\","
                + "\"server_name\":\"x\",\"message\":{}}}");

        assertThat(fake.awaitResponse("h1", WAIT).get("response").get("error").asString())
                .contains("hook_callback");
        // an mcp_message for a server nobody serves is answered, as the SDK does, with a JSON-RPC error
        JsonNode mcp = fake.awaitResponse("m1", WAIT).get("response");
        assertThat(mcp.get("subtype").asString()).isEqualTo("success");
        assertThat(mcp.path("response").path("mcp_response").path("error").path("code").asInt()).isEqualTo(-32601);
    }

    @Test
    void mcpMessagesGoToTheSdkMcpHandlerAndItsAnswerIsTheMcpResponse() throws Exception {
        var fake = FakeCliTransport.silent();
        var protocol = new ControlProtocol(fake, ToolPermissionHandler.allowAll(),
                (server, message) -> SdkMcpHandler.result(message, tools.jackson.databind.node.JsonNodeFactory.instance
                        .objectNode().put("server", server).put("method", message.path("method").asString())),
                ControlProtocol.Options.defaults());
        protocol.start();

        fake.emit("{\"type\":\"control_request\",\"request_id\":\"m2\",\"request\":{\"subtype\":\"mcp_message\","
                + "\"server_name\":\"__poco_memory\",\"message\":{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}}}");

        JsonNode answer = fake.awaitResponse("m2", WAIT).get("response");
        assertThat(answer.get("subtype").asString()).isEqualTo("success");
        JsonNode rpc = answer.path("response").path("mcp_response");
        assertThat(rpc.path("id").asInt()).isEqualTo(7);
        assertThat(rpc.path("jsonrpc").asString()).isEqualTo("2.0");
        assertThat(rpc.path("result").path("server").asString()).isEqualTo("__poco_memory");
        assertThat(rpc.path("result").path("method").asString()).isEqualTo("tools/list");
        protocol.close();
    }

    @Test
    void interruptSetPermissionModeAndSetModelUseTheSdkWireFormat() throws Exception {
        var fake = FakeCliTransport.silent();
        var protocol = started(fake, ToolPermissionHandler.allowAll(), ControlProtocol.Options.defaults());

        CompletableFuture<ObjectNode> interrupt = protocol.interrupt();
        CompletableFuture<ObjectNode> mode = protocol.setPermissionMode(PermissionMode.ACCEPT_EDITS);
        CompletableFuture<ObjectNode> model = protocol.setModel("claude-sonnet-4-6");

        List<ObjectNode> requests = fake.written();
        assertThat(requests).extracting(n -> n.get("request").toString()).containsExactly(
                "{\"subtype\":\"interrupt\"}",
                "{\"subtype\":\"set_permission_mode\",\"mode\":\"acceptEdits\"}",
                "{\"subtype\":\"set_model\",\"model\":\"claude-sonnet-4-6\"}");
        assertThat(requests).extracting(n -> n.get("request_id").asString()).doesNotHaveDuplicates();
        // the CLI answers interrupt without a "response" payload
        fake.emit("{\"type\":\"control_response\",\"response\":{\"subtype\":\"success\",\"request_id\":\""
                + requests.get(0).get("request_id").asString() + "\"}}");
        requests.subList(1, 3).forEach(r -> fake.emit(FakeCliTransport.success(r.get("request_id").asString())));
        assertThat(interrupt.get(5, TimeUnit.SECONDS).isEmpty()).isTrue();
        assertThat(mode.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(model.get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void anUnansweredInterruptTimesOut() {
        var fake = FakeCliTransport.silent();
        var protocol = started(fake, ToolPermissionHandler.allowAll(), FAST);

        assertThatThrownBy(() -> protocol.interrupt().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ControlTimeoutException.class)
                .satisfies(e -> assertThat(((ControlTimeoutException) e).subtype()).isEqualTo("interrupt"));
    }

    @Test
    void anErrorAnswerFailsTheRequestWithAProtocolException() throws Exception {
        var fake = FakeCliTransport.silent();
        var protocol = started(fake, ToolPermissionHandler.allowAll(), ControlProtocol.Options.defaults());

        CompletableFuture<ObjectNode> model = protocol.setModel("nope");
        String id = fake.written().getFirst().get("request_id").asString();
        fake.emit("{\"type\":\"control_response\",\"response\":{\"subtype\":\"error\",\"request_id\":\"" + id
                + "\",\"error\":\"unknown model\"}}");

        assertThatThrownBy(() -> model.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(CliProtocolException.class)
                .hasMessageContaining("set_model").hasMessageContaining("unknown model");
    }

    @Test
    void endOfOutputFailsPendingRequestsAndRepeats() throws Exception {
        var fake = FakeCliTransport.silent();
        var protocol = started(fake, ToolPermissionHandler.allowAll(), ControlProtocol.Options.defaults());

        CompletableFuture<ObjectNode> interrupt = protocol.interrupt();
        fake.emitEof(null);

        assertThatThrownBy(() -> interrupt.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(CliProcessException.class).hasMessageContaining("interrupt");
        assertThat(protocol.poll(WAIT)).isInstanceOf(Inbound.EndOfStream.class);
        assertThat(protocol.poll(WAIT)).isInstanceOf(Inbound.EndOfStream.class);
        assertThatThrownBy(() -> protocol.setModel("x").get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(CliException.class);
    }

    @Test
    void ordinaryMessagesPassThroughInOrderAndControlTrafficDoesNot() throws Exception {
        var fake = FakeCliTransport.silent();
        var protocol = started(fake, ToolPermissionHandler.allowAll(), ControlProtocol.Options.defaults());

        fake.emit("{\"type\":\"system\",\"n\":1}");
        fake.emit(canUseTool("r1", "Bash", "{}"));
        fake.emit("{\"type\":\"assistant\",\"n\":2}");
        fake.emit("{\"type\":\"control_cancel_request\",\"request_id\":\"zz\"}");
        fake.emit("{\"type\":\"keep_alive\",\"n\":3}");
        fake.emit("{\"type\":\"result\",\"n\":4}");

        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Inbound next = protocol.poll(WAIT);
            assertThat(next).isInstanceOf(Inbound.Message.class);
            seen.add(((Inbound.Message) next).json().get("n").asInt());
        }
        assertThat(seen).containsExactly(1, 2, 3, 4);
        assertThat(protocol.poll(Duration.ofMillis(50))).isNull();
    }

    @Test
    void closeCancelsRunningHandlers() throws Exception {
        var fake = FakeCliTransport.silent();
        var interrupted = new CountDownLatch(1);
        var started = new CountDownLatch(1);
        var protocol = started(fake, request -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(); // waits until interrupted
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return PermissionDecision.allow();
        }, ControlProtocol.Options.defaults());
        fake.emit(canUseTool("r1", "AskUserQuestion", "{}"));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        protocol.close();

        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void permissionRequestExposesDecisionReasonType() {
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("decision_reason_type", "mode");
        var permission = new ToolPermissionRequest("r", "Write", JsonNodeFactory.instance.objectNode(), null,
                List.of(), request);
        assertThat(permission.decisionReasonType()).isEqualTo("mode");
    }
}
