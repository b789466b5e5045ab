package dev.poco.runner.claude.protocol;

import dev.poco.protocol.PermissionMode;
import dev.poco.runner.claude.error.CliException;
import dev.poco.runner.claude.error.CliProcessException;
import dev.poco.runner.claude.error.CliProtocolException;
import dev.poco.runner.claude.error.ControlTimeoutException;
import dev.poco.runner.claude.transport.CliTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SDK control protocol spoken over one {@link CliTransport}.
 *
 * <p>It sorts every stdout object by {@code type}: {@code control_response} completes a pending outgoing request;
 * {@code control_request} is an incoming request ({@code can_use_tool} goes to the {@link ToolPermissionHandler},
 * {@code mcp_message} to the {@link SdkMcpHandler}, any other subtype, such as {@code hook_callback}, gets an error
 * response at once so the CLI never hangs); {@code control_cancel_request} withdraws an incoming request; everything else is queued, in order,
 * for {@link #take()}.
 *
 * <p>Outgoing requests are kept in a map of {@code request_id} to {@link CompletableFuture}; each future fails with
 * {@link ControlTimeoutException} when the CLI does not answer in time, with {@link CliProtocolException} when it
 * answers with an error, and with {@link CliProcessException} when stdout ends first.
 *
 * <p>Lifecycle: {@link #start()}, {@link #initialize()}, then {@link #send} messages and {@link #take()} the output;
 * {@link #close()} cancels running handlers and fails pending requests. It does not close the transport, which
 * belongs to whoever created it.
 */
public final class ControlProtocol implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlProtocol.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * @param initializeTimeout how long {@link #initialize()} waits (the SDK uses 60 s; a cold CLI start in the
     *     sandbox takes about 1 s)
     * @param requestTimeout how long other outgoing control requests wait
     */
    public record Options(Duration initializeTimeout, Duration requestTimeout) {

        public Options {
            Objects.requireNonNull(initializeTimeout, "initializeTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(60), Duration.ofSeconds(60));
        }
    }

    private record Pending(String subtype, CompletableFuture<ObjectNode> future) {}

    private final CliTransport transport;
    private final ToolPermissionHandler permissionHandler;
    private final SdkMcpHandler mcpHandler;
    private final Options options;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Future<?>> inflight = new ConcurrentHashMap<>();
    private final BlockingQueue<Inbound> inbound = new LinkedBlockingQueue<>();
    private final ExecutorService handlerThreads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("claude-permission-", 0).factory());
    private final AtomicLong requestCounter = new AtomicLong();
    private volatile boolean ended;

    public ControlProtocol(CliTransport transport, ToolPermissionHandler permissionHandler, Options options) {
        this(transport, permissionHandler, SdkMcpHandler.NONE, options);
    }

    public ControlProtocol(CliTransport transport, ToolPermissionHandler permissionHandler, SdkMcpHandler mcpHandler,
            Options options) {
        this.transport = transport;
        this.permissionHandler = permissionHandler;
        this.mcpHandler = mcpHandler;
        this.options = options;
    }

    /** Starts the transport with this protocol as its listener. Does not block. */
    public void start() {
        transport.start(new CliTransport.Listener() {
            @Override
            public void onMessage(ObjectNode message) {
                route(message);
            }

            @Override
            public void onClosed(@Nullable CliException error) {
                end(error);
            }
        });
    }

    /**
     * Sends {@code initialize} (no hooks) and blocks until the CLI answers. Must precede the first user message.
     *
     * @return the CLI's answer (commands, agents, models, account, pid…)
     * @throws ControlTimeoutException after {@link Options#initializeTimeout()}
     * @throws CliException when the CLI answers with an error or its output ends first
     */
    public ObjectNode initialize() throws InterruptedException {
        ObjectNode request = JSON.objectNode().put("subtype", "initialize").putNull("hooks");
        return await(request(request, options.initializeTimeout()));
    }

    /** Asks the CLI to stop the current turn; it answers, then emits a {@code result} with {@code is_error} true. */
    public CompletableFuture<ObjectNode> interrupt() {
        return request(JSON.objectNode().put("subtype", "interrupt"), options.requestTimeout());
    }

    /** Switches the permission mode of the running CLI (e.g. out of {@code plan} after a plan was approved). */
    public CompletableFuture<ObjectNode> setPermissionMode(PermissionMode mode) {
        ObjectNode request = JSON.objectNode().put("subtype", "set_permission_mode").put("mode", mode.wire());
        return request(request, options.requestTimeout());
    }

    /**
     * Asks how the context window is used ({@code get_context_usage}). The CLI builds its system prompt, tools and
     * skills listing to answer, and counts them through the Messages API's {@code count_tokens}; it sends no message
     * and records no conversation. The work it does is most of what its first turn does before the first model
     * request, and it keeps the results. Blocks until the answer.
     *
     * @throws ControlTimeoutException after {@link Options#requestTimeout()}
     * @throws CliException when the CLI answers with an error or its output ends first
     */
    public ObjectNode contextUsage() throws InterruptedException {
        return await(request(JSON.objectNode().put("subtype", "get_context_usage"), options.requestTimeout()));
    }

    /** Switches the model for the following requests; null goes back to the default model. */
    public CompletableFuture<ObjectNode> setModel(@Nullable String model) {
        ObjectNode request = JSON.objectNode().put("subtype", "set_model");
        if (model == null) {
            request.putNull("model");
        } else {
            request.put("model", model);
        }
        return request(request, options.requestTimeout());
    }

    /** Writes an ordinary message (a user line) to the CLI. Thread-safe. */
    public void send(ObjectNode message) {
        transport.write(message);
    }

    /** Closes the CLI's stdin: no more user messages. */
    public void endInput() {
        transport.endInput();
    }

    /** Blocks until the next ordinary message or the end of the stream. */
    public Inbound take() throws InterruptedException {
        Inbound next = inbound.take();
        if (next instanceof Inbound.EndOfStream) {
            inbound.add(next); // keep answering EndOfStream
        }
        return next;
    }

    /** Like {@link #take()} but gives up after {@code timeout}, returning null. */
    public @Nullable Inbound poll(Duration timeout) throws InterruptedException {
        Inbound next = inbound.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (next instanceof Inbound.EndOfStream) {
            inbound.add(next);
        }
        return next;
    }

    /** Whether the CLI's output has ended (the process is gone or going). */
    public boolean hasEnded() {
        return ended;
    }

    /** Number of outgoing requests still waiting for an answer (for tests and diagnostics). */
    public int pendingRequests() {
        return pending.size();
    }

    /** Cancels running permission handlers and fails pending requests. Does not close the transport. Idempotent. */
    @Override
    public void close() {
        cancelInflight();
        failPending(new CliException("control protocol closed"));
        handlerThreads.shutdownNow();
    }

    private CompletableFuture<ObjectNode> request(ObjectNode request, Duration timeout) {
        String subtype = request.get("subtype").asString();
        String requestId = "req_" + requestCounter.incrementAndGet() + "_"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        var future = new CompletableFuture<ObjectNode>();
        if (ended) {
            future.completeExceptionally(outputEnded(subtype));
            return future;
        }
        pending.put(requestId, new Pending(subtype, future));
        if (ended && pending.remove(requestId) != null) { // stdout ended while we registered
            future.completeExceptionally(outputEnded(subtype));
            return future;
        }
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (pending.remove(requestId) != null) {
                future.completeExceptionally(new ControlTimeoutException(subtype, timeout));
            }
        });
        ObjectNode line = JSON.objectNode().put("type", "control_request").put("request_id", requestId);
        line.set("request", request);
        try {
            transport.write(line);
        } catch (CliException e) {
            pending.remove(requestId);
            future.completeExceptionally(e);
        }
        return future;
    }

    private void route(ObjectNode message) {
        String type = message.path("type").asString("");
        switch (type) {
            case "control_response" -> onControlResponse(message);
            case "control_request" -> onControlRequest(message);
            case "control_cancel_request" -> onCancel(message.path("request_id").asString(""));
            default -> inbound.add(new Inbound.Message(message));
        }
    }

    private void onControlResponse(ObjectNode message) {
        JsonNode response = message.path("response");
        String requestId = response.path("request_id").asString("");
        Pending waiting = pending.remove(requestId);
        if (waiting == null) {
            log.debug("Ignoring control_response for unknown or timed-out request {}", requestId);
            return;
        }
        if ("success".equals(response.path("subtype").asString(""))) {
            JsonNode payload = response.get("response");
            waiting.future().complete(payload instanceof ObjectNode object ? object : JSON.objectNode());
        } else {
            String error = response.path("error").asString("unknown error");
            waiting.future().completeExceptionally(new CliProtocolException(
                    "Claude Code rejected control request '" + waiting.subtype() + "': " + error, message.toString()));
        }
    }

    private void onControlRequest(ObjectNode message) {
        String requestId = message.path("request_id").asString("");
        JsonNode request = message.path("request");
        String subtype = request.path("subtype").asString("");
        if ("can_use_tool".equals(subtype) && request instanceof ObjectNode body) {
            ToolPermissionRequest permission = toPermissionRequest(requestId, body);
            var task = new FutureTask<Void>(() -> decide(permission), null);
            inflight.put(requestId, task);
            handlerThreads.execute(task);
            return;
        }
        if ("mcp_message".equals(subtype) && request.path("message") instanceof ObjectNode mcpMessage) {
            String server = request.path("server_name").asString("");
            var task = new FutureTask<Void>(() -> answerMcp(requestId, server, mcpMessage), null);
            inflight.put(requestId, task);
            handlerThreads.execute(task);
            return;
        }
        // hook_callback and future subtypes: we register no hooks, so answering with an error is correct and keeps
        // the CLI from waiting forever.
        log.debug("Answering unsupported control request '{}' ({}) with an error", subtype, requestId);
        respond(errorResponse(requestId, "Unsupported control request subtype: " + subtype));
    }

    private void decide(ToolPermissionRequest request) {
        ObjectNode answer;
        try {
            PermissionDecision decision = permissionHandler.decide(request);
            answer = successResponse(request.requestId(), toWire(decision, request.input()));
        } catch (InterruptedException e) {
            log.debug("Permission handler for {} interrupted", request.requestId());
            inflight.remove(request.requestId());
            return;
        } catch (RuntimeException e) {
            log.warn("Permission handler failed for tool {} ({})", request.toolName(), request.requestId(), e);
            answer = errorResponse(request.requestId(), String.valueOf(e.getMessage()));
        }
        // Only the side that removes the entry answers: a cancellation that got there first wins.
        if (inflight.remove(request.requestId()) != null) {
            respond(answer);
        }
    }

    private void answerMcp(String requestId, String server, ObjectNode message) {
        ObjectNode answer;
        try {
            ObjectNode payload = JSON.objectNode();
            payload.set("mcp_response", mcpHandler.handle(server, message));
            answer = successResponse(requestId, payload);
        } catch (InterruptedException e) {
            inflight.remove(requestId);
            return;
        } catch (RuntimeException e) {
            log.warn("SDK MCP server {} failed on {} ({})", server, message.path("method").asString(""), requestId, e);
            ObjectNode payload = JSON.objectNode();
            payload.set("mcp_response", SdkMcpHandler.error(message, -32603, String.valueOf(e.getMessage())));
            answer = successResponse(requestId, payload);
        }
        if (inflight.remove(requestId) != null) {
            respond(answer);
        }
    }

    private void onCancel(String requestId) {
        Future<?> task = inflight.remove(requestId);
        if (task != null) {
            log.debug("Claude Code cancelled permission request {}", requestId);
            task.cancel(true);
        }
    }

    private void end(@Nullable CliException error) {
        ended = true;
        cancelInflight();
        failPending(error);
        inbound.add(new Inbound.EndOfStream(error));
    }

    private void cancelInflight() {
        for (String id : new ArrayList<>(inflight.keySet())) {
            Future<?> task = inflight.remove(id);
            if (task != null) {
                task.cancel(true);
            }
        }
    }

    private void failPending(@Nullable CliException cause) {
        for (String id : new ArrayList<>(pending.keySet())) {
            Pending waiting = pending.remove(id);
            if (waiting != null) {
                waiting.future().completeExceptionally(cause != null ? cause : outputEnded(waiting.subtype()));
            }
        }
    }

    private CliProcessException outputEnded(String subtype) {
        return new CliProcessException("Claude Code output ended before it answered control request '" + subtype
                + "'", null, transport.stderrTail());
    }

    private void respond(ObjectNode response) {
        try {
            transport.write(response);
        } catch (CliException e) {
            log.debug("Could not answer Claude Code control request: {}", e.getMessage());
        }
    }

    private static ToolPermissionRequest toPermissionRequest(String requestId, ObjectNode request) {
        JsonNode input = request.get("input");
        JsonNode toolUseId = request.get("tool_use_id");
        List<JsonNode> suggestions = new ArrayList<>();
        request.path("permission_suggestions").forEach(suggestions::add);
        return new ToolPermissionRequest(requestId, request.path("tool_name").asString(""),
                input instanceof ObjectNode object ? object : JSON.objectNode(),
                toolUseId != null && toolUseId.isString() ? toolUseId.asString() : null, suggestions, request);
    }

    private static ObjectNode toWire(PermissionDecision decision, ObjectNode originalInput) {
        ObjectNode wire = JSON.objectNode();
        switch (decision) {
            case PermissionDecision.Allow allow -> {
                wire.put("behavior", "allow");
                wire.set("updatedInput", allow.updatedInput() != null ? allow.updatedInput() : originalInput);
            }
            case PermissionDecision.Deny deny -> wire.put("behavior", "deny").put("message", deny.message())
                    .put("interrupt", deny.interrupt());
        }
        return wire;
    }

    private static ObjectNode successResponse(String requestId, ObjectNode payload) {
        ObjectNode response = JSON.objectNode().put("subtype", "success").put("request_id", requestId);
        response.set("response", payload);
        return JSON.objectNode().put("type", "control_response").set("response", response);
    }

    private static ObjectNode errorResponse(String requestId, String error) {
        ObjectNode response = JSON.objectNode().put("subtype", "error").put("request_id", requestId)
                .put("error", error);
        return JSON.objectNode().put("type", "control_response").set("response", response);
    }

    private static ObjectNode await(CompletableFuture<ObjectNode> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CliException cli) {
                throw cli;
            }
            throw new CliException("control request failed", e.getCause());
        }
    }
}
