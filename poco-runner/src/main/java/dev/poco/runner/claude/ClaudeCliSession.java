package dev.poco.runner.claude;

import dev.poco.protocol.PermissionMode;
import dev.poco.runner.claude.error.CliException;
import dev.poco.runner.claude.error.CliProcessException;
import dev.poco.runner.claude.error.CliProtocolException;
import dev.poco.runner.claude.message.CliMessage;
import dev.poco.runner.claude.message.MessageParser;
import dev.poco.runner.claude.message.ResultMessage;
import dev.poco.runner.claude.message.SystemMessage;
import dev.poco.runner.claude.protocol.ControlProtocol;
import dev.poco.runner.claude.protocol.Inbound;
import dev.poco.runner.claude.protocol.SdkMcpHandler;
import dev.poco.runner.claude.protocol.ToolPermissionHandler;
import dev.poco.runner.claude.transport.CliTransport;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs turns of Claude Code over one CLI process; the only class that wires transport, control protocol and message
 * layer together.
 *
 * <p>{@link #start()} starts the transport and sends {@code initialize} (once; the first turn does it when nobody did
 * before). {@link #runTurn} sends the prompt as a stream-json user line, delivers every message in order to the
 * {@link MessageListener} (raw JSON and typed message) and returns when the {@code result} line arrives; it then
 * closes stdin so the CLI exits and waits (bounded) for the exit code. {@link #runLiveTurn} does the same but leaves
 * the process running: in SDK streaming-input mode the CLI takes the next user line as the next turn of the same
 * conversation (the Python SDK's issue #1088), which is what a hot follow-up uses. A result with {@code is_error}
 * true or a subtype other than {@code success} is still returned (see {@link TurnResult#failed()}); only a process
 * that dies without a result throws ({@link CliProcessException}).
 *
 * <p>{@link #interrupt()} may be called from any thread while a turn runs; the CLI then ends the turn with an error
 * result. Permission requests are answered by the {@link ToolPermissionHandler} on separate threads. Turns must not
 * overlap. {@link #close()} releases everything, including the process, within bounded waits.
 */
public final class ClaudeCliSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClaudeCliSession.class);

    /**
     * @param control timeouts of the control protocol
     * @param exitTimeout how long to wait for the CLI to exit after the result (or after its output ended)
     */
    public record Options(ControlProtocol.Options control, Duration exitTimeout) {

        public Options {
            Objects.requireNonNull(control, "control");
            Objects.requireNonNull(exitTimeout, "exitTimeout");
        }

        public static Options defaults() {
            return new Options(ControlProtocol.Options.defaults(), Duration.ofSeconds(10));
        }
    }

    private final CliTransport transport;
    private final ControlProtocol protocol;
    private final Options options;
    private final AtomicBoolean started = new AtomicBoolean();
    /** Set once a turn ended the input: no further turn can run. */
    private final AtomicBoolean lastTurnTaken = new AtomicBoolean();
    /** The interrupt state of the turn that runs or comes next; replaced when a turn starts. */
    private volatile Turn turn = new Turn();
    private volatile @Nullable String sessionId;
    private volatile boolean ended;

    /** Whether the current turn's prompt was sent, and an interrupt asked for before it was. */
    private static final class Turn {
        private final CompletableFuture<ObjectNode> earlyInterrupt = new CompletableFuture<>();
        private boolean promptSent; // guarded by this
        private boolean interruptRequested; // guarded by this
    }

    public ClaudeCliSession(CliTransport transport, ToolPermissionHandler permissionHandler) {
        this(transport, permissionHandler, Options.defaults());
    }

    public ClaudeCliSession(CliTransport transport, ToolPermissionHandler permissionHandler, Options options) {
        this(transport, permissionHandler, SdkMcpHandler.NONE, options);
    }

    /** With the CLI's in-process MCP servers ({@code "type": "sdk"} in its MCP config) served by {@code mcp}. */
    public ClaudeCliSession(CliTransport transport, ToolPermissionHandler permissionHandler, SdkMcpHandler mcp,
            Options options) {
        this.transport = transport;
        this.protocol = new ControlProtocol(transport, permissionHandler, mcp, options.control());
        this.options = options;
    }

    /**
     * Starts the transport and sends {@code initialize}; blocks until the CLI answers. Idempotent; {@link #runTurn}
     * calls it when nobody did. A pool calls it ahead of time so that a run's first message finds the CLI ready.
     *
     * @throws CliProcessException if the CLI exits during {@code initialize}
     * @throws dev.poco.runner.claude.error.ControlTimeoutException if {@code initialize} is not answered in time
     */
    public void start() throws InterruptedException {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        protocol.start();
        try {
            protocol.initialize();
        } catch (CliProcessException e) {
            throw processFailure("Claude Code exited during initialize", e);
        }
    }

    /**
     * Has an idle CLI past {@code initialize} do ahead what its first turn would do before its first model request
     * (building the system prompt, tools and skills; see {@link ControlProtocol#contextUsage()}), so that a first user
     * message is sent on sooner: about 45 ms less on the pinned CLI, measured by {@code ./poco bench floor}. It sends
     * no message and changes no conversation. The token counts it asks for go through the model endpoint; a pool
     * answers them locally ({@link dev.poco.runner.gateway.ModelGateway#countTokensLocally}).
     *
     * @throws dev.poco.runner.claude.error.ControlTimeoutException if the CLI does not answer in time
     * @throws CliException if the CLI answers with an error or exits
     */
    public void warmUp() throws InterruptedException {
        start();
        protocol.contextUsage();
    }

    /**
     * Runs the last turn of this process; blocks until the {@code result} line (or the end of the CLI's output), then
     * closes stdin and waits for the exit.
     *
     * @param prompt the user's text, sent as {@code message.content}
     * @param listener receives each message on this thread, in order
     * @return the result and exit code; check {@link TurnResult#failed()}
     * @throws CliProcessException if the CLI exits or its output ends without a result
     * @throws CliProtocolException if the CLI writes a broken line
     * @throws dev.poco.runner.claude.error.ControlTimeoutException if {@code initialize} is not answered in time
     * @throws dev.poco.runner.claude.error.MessageParseException if a message lacks a required field
     * @throws IllegalStateException if a last turn already ran
     */
    public TurnResult runTurn(String prompt, MessageListener listener) throws InterruptedException {
        return turn(prompt, listener, true);
    }

    /**
     * Like {@link #runTurn} but keeps the process (and its stdin) open for another turn; the exit code of the result
     * is null. Anything the CLI wrote between two turns is dropped (logged) before the prompt goes out.
     */
    public TurnResult runLiveTurn(String prompt, MessageListener listener) throws InterruptedException {
        return turn(prompt, listener, false);
    }

    private TurnResult turn(String prompt, MessageListener listener, boolean last) throws InterruptedException {
        if (lastTurnTaken.get() || (last && !lastTurnTaken.compareAndSet(false, true))) {
            throw new IllegalStateException("this ClaudeCliSession already ran its last turn");
        }
        start();
        dropBetweenTurns();
        protocol.send(userLine(prompt));
        sendEarlyInterrupt();
        while (true) {
            Inbound next = protocol.take();
            switch (next) {
                case Inbound.EndOfStream end -> {
                    ended = true;
                    if (end.error() instanceof CliProtocolException protocolError) {
                        throw protocolError;
                    }
                    throw processFailure("Claude Code exited without a result", end.error());
                }
                case Inbound.Message message -> {
                    Optional<CliMessage> parsed = MessageParser.parse(message.json());
                    if (parsed.isEmpty()) {
                        continue;
                    }
                    CliMessage cliMessage = parsed.get();
                    deliver(message.json(), cliMessage, listener);
                    if (cliMessage instanceof ResultMessage result) {
                        return last ? finish(result) : keepGoing(result);
                    }
                }
            }
        }
    }

    /** Lines that came while no turn ran (none are expected) belong to no run: drop them, noting the end of output. */
    private void dropBetweenTurns() throws InterruptedException {
        Inbound stale;
        while ((stale = protocol.poll(Duration.ZERO)) != null) {
            if (stale instanceof Inbound.EndOfStream) {
                return; // the turn's take() sees it again and fails as a dead process does
            }
            log.debug("Dropping a line Claude Code wrote between turns: {}", stale);
        }
    }

    /**
     * Whether the process can take another turn: initialized, no last turn taken and its output not ended. A dead CLI
     * is noticed here only once its stdout ended; callers also check the sandbox.
     */
    public boolean reusable() {
        return started.get() && !lastTurnTaken.get() && !ended && !protocol.hasEnded();
    }

    /**
     * Asks the CLI to stop the turn. Completes when the CLI acknowledges; the turn then ends with an error result. If
     * called before the prompt was sent, the interrupt is sent right after it.
     */
    public CompletableFuture<ObjectNode> interrupt() {
        Turn current = turn;
        synchronized (current) {
            if (!current.promptSent) {
                current.interruptRequested = true;
                return current.earlyInterrupt;
            }
        }
        return protocol.interrupt();
    }

    /** Changes the permission mode of the running CLI. */
    public CompletableFuture<ObjectNode> setPermissionMode(PermissionMode mode) {
        return protocol.setPermissionMode(mode);
    }

    /** Changes the model of the running CLI. */
    public CompletableFuture<ObjectNode> setModel(@Nullable String model) {
        return protocol.setModel(model);
    }

    /** The CLI session id once the init message arrived (for {@code --resume}), else null. */
    public @Nullable String sessionId() {
        return sessionId;
    }

    /** The end of the CLI's stderr, for the run log. */
    public String stderrTail() {
        return transport.stderrTail();
    }

    /** Stops permission handlers and closes the transport (which ends the process within bounded waits). */
    @Override
    public void close() {
        protocol.close();
        transport.close();
        turn.earlyInterrupt.completeExceptionally(new CliException("session closed"));
    }

    /**
     * Ends a process kept between turns the way a last turn would: closes stdin so the CLI flushes its transcript
     * and exits (bounded by the exit timeout), then {@link #close()}. A later {@code --resume} of the conversation
     * then finds the whole transcript.
     */
    public void closeGracefully() {
        if (started.get() && lastTurnTaken.compareAndSet(false, true)) {
            protocol.endInput();
            transport.awaitExit(options.exitTimeout());
        }
        close();
    }

    /** The stream-json user line carrying {@code prompt}. */
    static ObjectNode userLine(String prompt) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode message = json.objectNode().put("role", "user").put("content", prompt);
        ObjectNode line = json.objectNode().put("type", "user");
        line.set("message", message);
        line.putNull("parent_tool_use_id");
        line.put("session_id", "");
        return line;
    }

    private void sendEarlyInterrupt() {
        Turn current = turn;
        boolean send;
        synchronized (current) {
            current.promptSent = true;
            send = current.interruptRequested;
        }
        if (send) {
            protocol.interrupt().whenComplete((response, error) -> {
                if (error != null) {
                    current.earlyInterrupt.completeExceptionally(error);
                } else {
                    current.earlyInterrupt.complete(response);
                }
            });
        }
    }

    private void deliver(ObjectNode raw, CliMessage message, MessageListener listener) {
        if (message instanceof SystemMessage system && system.isInit() && system.sessionId() != null) {
            sessionId = system.sessionId();
        }
        listener.onMessage(new SessionMessage(raw, message));
    }

    private TurnResult finish(ResultMessage result) {
        sessionId = result.sessionId();
        // One turn per process: closing stdin lets the CLI flush its transcript and exit (0, or 1 after an error).
        protocol.endInput();
        Integer exitCode = exitCode(transport.awaitExit(options.exitTimeout()));
        if (exitCode == null) {
            log.warn("Claude Code did not exit within {} ms after its result; it will be terminated on close",
                    options.exitTimeout().toMillis());
        }
        return new TurnResult(result, result.sessionId(), exitCode, transport.stderrTail());
    }

    private TurnResult keepGoing(ResultMessage result) {
        sessionId = result.sessionId();
        turn = new Turn(); // an interrupt asked for from now on is for the next turn
        return new TurnResult(result, result.sessionId(), null, transport.stderrTail());
    }

    private CliProcessException processFailure(String message, @Nullable Throwable cause) {
        protocol.endInput();
        Integer exitCode = exitCode(transport.awaitExit(options.exitTimeout()));
        return new CliProcessException(message, exitCode, transport.stderrTail(), cause);
    }

    private static @Nullable Integer exitCode(java.util.OptionalInt exit) {
        return exit.isPresent() ? exit.getAsInt() : null;
    }
}
