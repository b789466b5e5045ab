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
 * Runs one turn of Claude Code over one CLI process; the only class that wires transport, control protocol and
 * message layer together.
 *
 * <p>{@link #runTurn}: starts the transport, sends {@code initialize}, sends the prompt as a stream-json user line,
 * delivers every message in order to the {@link MessageListener} (raw JSON and typed message) and returns when the
 * {@code result} line arrives. It then closes stdin so the CLI exits and waits (bounded) for the exit code. A result with {@code is_error} true or a subtype other than {@code success} is still returned (see
 * {@link TurnResult#failed()}); only a process that dies without a result throws ({@link CliProcessException}).
 *
 * <p>{@link #interrupt()} may be called from any thread while the turn runs; the CLI then ends the turn with an error
 * result and exits 1. Permission requests are answered by the {@link ToolPermissionHandler} on separate threads.
 *
 * <p>One session, one turn: the CLI stays usable for more turns (its stdin protocol allows it, see the Python SDK's
 * issue #1088), but poco starts a process per run and resumes with {@code --resume}.
 * {@link #close()} releases everything, including the process, within bounded waits.
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
    private final AtomicBoolean used = new AtomicBoolean();
    private final CompletableFuture<ObjectNode> earlyInterrupt = new CompletableFuture<>();
    private boolean promptSent;
    private boolean interruptRequested;
    private volatile @Nullable String sessionId;

    public ClaudeCliSession(CliTransport transport, ToolPermissionHandler permissionHandler) {
        this(transport, permissionHandler, Options.defaults());
    }

    public ClaudeCliSession(CliTransport transport, ToolPermissionHandler permissionHandler, Options options) {
        this.transport = transport;
        this.protocol = new ControlProtocol(transport, permissionHandler, options.control());
        this.options = options;
    }

    /**
     * Runs the turn; blocks until the {@code result} line (or the end of the CLI's output).
     *
     * @param prompt the user's text, sent as {@code message.content}
     * @param listener receives each message on this thread, in order
     * @return the result and exit code; check {@link TurnResult#failed()}
     * @throws CliProcessException if the CLI exits or its output ends without a result
     * @throws CliProtocolException if the CLI writes a broken line
     * @throws dev.poco.runner.claude.error.ControlTimeoutException if {@code initialize} is not answered in time
     * @throws dev.poco.runner.claude.error.MessageParseException if a message lacks a required field
     * @throws IllegalStateException if called twice
     */
    public TurnResult runTurn(String prompt, MessageListener listener) throws InterruptedException {
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException("a ClaudeCliSession runs exactly one turn");
        }
        protocol.start();
        try {
            protocol.initialize();
        } catch (CliProcessException e) {
            throw processFailure("Claude Code exited during initialize", e);
        }
        protocol.send(userLine(prompt));
        sendEarlyInterrupt();
        while (true) {
            Inbound next = protocol.take();
            switch (next) {
                case Inbound.EndOfStream end -> {
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
                        return finish(result);
                    }
                }
            }
        }
    }

    /**
     * Asks the CLI to stop the turn. Completes when the CLI acknowledges; the turn then ends with an error result. If
     * called before the prompt was sent, the interrupt is sent right after it.
     */
    public CompletableFuture<ObjectNode> interrupt() {
        synchronized (this) {
            if (!promptSent) {
                interruptRequested = true;
                return earlyInterrupt;
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
        earlyInterrupt.completeExceptionally(new CliException("session closed"));
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
        boolean send;
        synchronized (this) {
            promptSent = true;
            send = interruptRequested;
        }
        if (send) {
            protocol.interrupt().whenComplete((response, error) -> {
                if (error != null) {
                    earlyInterrupt.completeExceptionally(error);
                } else {
                    earlyInterrupt.complete(response);
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

    private CliProcessException processFailure(String message, @Nullable Throwable cause) {
        protocol.endInput();
        Integer exitCode = exitCode(transport.awaitExit(options.exitTimeout()));
        return new CliProcessException(message, exitCode, transport.stderrTail(), cause);
    }

    private static @Nullable Integer exitCode(java.util.OptionalInt exit) {
        return exit.isPresent() ? exit.getAsInt() : null;
    }
}
