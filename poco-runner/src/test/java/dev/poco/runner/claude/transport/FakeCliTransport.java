package dev.poco.runner.claude.transport;

import dev.poco.runner.claude.error.CliException;
import dev.poco.runner.claude.error.CliProcessException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * In-memory {@link CliTransport} for tests of the control protocol and the session: no process. It records every
 * written object, answers {@code initialize} by itself (unless {@link #withoutAutoInitialize()}), and after the first
 * user line replays a script of stdout lines; a scripted {@code control_request} waits until the host answers it.
 * Objects are delivered on one "reader" thread, like the real transport.
 */
public final class FakeCliTransport implements CliTransport {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Duration SCRIPT_ANSWER_WAIT = Duration.ofSeconds(10);

    private final List<String> script;
    private final List<ObjectNode> written = new ArrayList<>();
    private final ExecutorService reader = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("fake-cli-reader").factory());
    private boolean autoInitialize = true;
    private boolean eofOnEndInput = true;
    private int exitCode;
    private volatile @Nullable Listener listener;
    private volatile boolean inputEnded;
    private volatile boolean eof;
    private final CountDownLatch exited = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile String stderr = "";

    private FakeCliTransport(List<String> script) {
        this.script = List.copyOf(script);
    }

    /** A fake that replays {@code lines} (JSON objects, one per string) after the first user line. */
    public static FakeCliTransport replaying(List<String> lines) {
        return new FakeCliTransport(lines);
    }

    /** A fake that only answers initialize; the test emits everything else. */
    public static FakeCliTransport silent() {
        return new FakeCliTransport(List.of());
    }

    public FakeCliTransport withoutAutoInitialize() {
        autoInitialize = false;
        return this;
    }

    /** Keep "running" after stdin is closed (no EOF), to test bounded waits. */
    public FakeCliTransport withoutEofOnEndInput() {
        eofOnEndInput = false;
        return this;
    }

    public FakeCliTransport withExitCode(int code) {
        exitCode = code;
        return this;
    }

    public FakeCliTransport withStderr(String text) {
        stderr = text;
        return this;
    }

    @Override
    public void start(Listener newListener) {
        if (listener != null) {
            throw new IllegalStateException("already started");
        }
        listener = newListener;
    }

    /** Delivers one stdout object (JSON text) to the listener on the reader thread. */
    public void emit(String json) {
        emit((ObjectNode) MAPPER.readTree(json));
    }

    public void emit(ObjectNode message) {
        onReader(() -> {
            Listener current = listener;
            if (current != null && !eof) {
                current.onMessage(message);
            }
        });
    }

    /** Ends stdout: the listener's {@code onClosed(error)}, once. */
    public void emitEof(@Nullable CliException error) {
        onReader(() -> {
            Listener current = listener;
            if (current != null && !eof) {
                eof = true;
                exited.countDown();
                current.onClosed(error);
            }
        });
    }

    @Override
    public void write(JsonNode message) {
        if (inputEnded) {
            throw new CliProcessException("stdin closed", null, stderr);
        }
        ObjectNode copy = (ObjectNode) message.deepCopy();
        synchronized (written) {
            written.add(copy);
            written.notifyAll();
        }
        String type = copy.path("type").asString("");
        if (autoInitialize && "control_request".equals(type)
                && "initialize".equals(copy.path("request").path("subtype").asString(""))) {
            emit(success(copy.get("request_id").asString()));
        }
        if ("user".equals(type) && !script.isEmpty()) {
            Thread.ofPlatform().daemon().name("fake-cli-script").start(this::replay);
        }
    }

    /** Everything written so far. */
    public List<ObjectNode> written() {
        synchronized (written) {
            return List.copyOf(written);
        }
    }

    /**
     * Waits until an object matching {@code predicate} has been written.
     *
     * @throws AssertionError after {@code timeout}
     */
    public ObjectNode awaitWritten(Predicate<ObjectNode> predicate, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (written) {
            while (true) {
                for (ObjectNode node : written) {
                    if (predicate.test(node)) {
                        return node;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("nothing matching was written within " + timeout + "; written: "
                            + written);
                }
                TimeUnit.NANOSECONDS.timedWait(written, left);
            }
        }
    }

    /** The control_response written for {@code requestId}. */
    public ObjectNode awaitResponse(String requestId, Duration timeout) throws InterruptedException {
        return awaitWritten(node -> "control_response".equals(node.path("type").asString(""))
                && requestId.equals(node.path("response").path("request_id").asString("")), timeout);
    }

    public boolean inputEnded() {
        return inputEnded;
    }

    @Override
    public void endInput() {
        inputEnded = true;
        if (eofOnEndInput) {
            emitEof(null);
        }
    }

    @Override
    public boolean isAlive() {
        return !eof;
    }

    @Override
    public OptionalInt awaitExit(Duration timeout) {
        try {
            return exited.await(timeout.toNanos(), TimeUnit.NANOSECONDS) ? OptionalInt.of(exitCode)
                    : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    @Override
    public String stderrTail() {
        return stderr;
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        inputEnded = true;
        emitEof(null);
        reader.shutdown();
    }

    /** A success control_response for {@code requestId}, as the CLI writes it. */
    public static ObjectNode success(String requestId) {
        ObjectNode response = JsonNodeFactory.instance.objectNode().put("subtype", "success")
                .put("request_id", requestId);
        response.set("response", JsonNodeFactory.instance.objectNode().put("pid", 4242));
        return JsonNodeFactory.instance.objectNode().put("type", "control_response").set("response", response);
    }

    private void onReader(Runnable task) {
        if (!reader.isShutdown()) {
            reader.execute(task);
        }
    }

    private void replay() {
        try {
            for (String line : script) {
                ObjectNode node = (ObjectNode) MAPPER.readTree(line);
                emit(node);
                if ("control_request".equals(node.path("type").asString(""))) {
                    awaitResponse(node.get("request_id").asString(), SCRIPT_ANSWER_WAIT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
