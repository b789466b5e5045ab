package dev.poco.testkit.anthropic;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake of Anthropic's Messages API on a real TCP socket (127.0.0.1), good enough for the real
 * Claude Code CLI: point {@code ANTHROPIC_BASE_URL} at {@link #baseUrl()}.
 *
 * <p>Endpoints: {@code POST /v1/messages} (streaming SSE or plain JSON, any query such as
 * {@code ?beta=true}), {@code POST /v1/messages/count_tokens}, {@code HEAD /} and {@code GET /}
 * (the CLI's preconnect). Anything else is a 404 with Anthropic's error body.
 *
 * <p>Which reply a message request gets: the first matching {@link #when rule}; else the next
 * {@link #enqueue queued} reply, consumed; else the {@link #respondWith default} (text "OK" unless
 * set). Every request, whatever its path, is {@link #requests() recorded} before it is answered,
 * so a test can wait for a request while its reply is still delayed.
 *
 * <p>Threading: all methods are thread-safe. Each exchange runs on its own virtual thread and
 * blocks only there (scripted delays, slow clients); responders and matchers run on those threads,
 * possibly concurrently. SSE events are flushed one by one. A client that disconnects mid-stream
 * ends only its own exchange. {@link #close()} closes the socket and all connections, interrupts
 * delayed replies and waits up to five seconds for the handler threads to end.
 *
 * <pre>{@code
 * try (var fake = new FakeAnthropicServer().start()) {
 *     fake.enqueue(Reply.bash("echo hello > out.txt", "write file"), Reply.text("done"));
 *     // run the CLI with ANTHROPIC_BASE_URL=fake.baseUrl() ...
 *     assertThat(fake.messageRequests()).hasSize(2);
 * }
 * }</pre>
 */
public final class FakeAnthropicServer implements AutoCloseable {

    /** What {@code count_tokens} answers unless set with {@link #countTokens(int)}. */
    public static final int DEFAULT_COUNT_TOKENS = 42;

    private static final Logger log = LoggerFactory.getLogger(FakeAnthropicServer.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final int requestedPort;
    private final RequestLog requestLog = new RequestLog();
    private final ReplyScript script = new ReplyScript();
    private final AtomicInteger countTokens = new AtomicInteger(DEFAULT_COUNT_TOKENS);
    private final ApiHandler handler = new ApiHandler(requestLog, script, countTokens::get);
    private final Object lifecycle = new Object();
    private @Nullable HttpServer server;
    private @Nullable ExecutorService executor;
    private boolean closed;

    /** A server that will listen on an ephemeral port. */
    public FakeAnthropicServer() {
        this(0);
    }

    /** A server that will listen on {@code port}; 0 picks an ephemeral port. */
    public FakeAnthropicServer(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.requestedPort = port;
    }

    /**
     * Binds 127.0.0.1 and starts serving; returns {@code this}. Callable once.
     *
     * @throws UncheckedIOException if the port cannot be bound
     * @throws IllegalStateException if already started or closed
     */
    public FakeAnthropicServer start() {
        synchronized (lifecycle) {
            if (server != null || closed) {
                throw new IllegalStateException("A FakeAnthropicServer can be started only once");
            }
            ExecutorService handlers =
                    Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fake-anthropic-", 0).factory());
            try {
                HttpServer http = HttpServer.create(
                        new InetSocketAddress(InetAddress.getByName("127.0.0.1"), requestedPort), 64);
                http.createContext("/", handler);
                http.setExecutor(handlers);
                http.start();
                server = http;
                executor = handlers;
            } catch (IOException e) {
                handlers.shutdownNow();
                throw new UncheckedIOException("Could not bind the fake Anthropic API to port " + requestedPort, e);
            }
            log.debug("Fake Anthropic API listening on {}", baseUrl());
            return this;
        }
    }

    /** The port listened on. @throws IllegalStateException before {@link #start()} */
    public int port() {
        synchronized (lifecycle) {
            if (server == null) {
                throw new IllegalStateException("The FakeAnthropicServer is not started");
            }
            return server.getAddress().getPort();
        }
    }

    /** E.g. {@code http://127.0.0.1:41234}, without a trailing slash: the CLI's {@code ANTHROPIC_BASE_URL}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    // ---- scripting -------------------------------------------------------------------------

    /** Queues replies, answered in order, one per message request. */
    public FakeAnthropicServer enqueue(Reply... replies) {
        Arrays.stream(replies).map(Objects::requireNonNull).forEach(reply -> script.enqueue(request -> reply));
        return this;
    }

    /** Queues one dynamic reply: {@code responder} answers the message request that consumes it. */
    public FakeAnthropicServer enqueue(Function<RecordedRequest, Reply> responder) {
        script.enqueue(responder);
        return this;
    }

    /** Answers every message request matching {@code matcher} with {@code reply}, ahead of the queue. */
    public FakeAnthropicServer when(Predicate<RecordedRequest> matcher, Reply reply) {
        Objects.requireNonNull(reply, "reply");
        script.addRule(matcher, request -> reply);
        return this;
    }

    /** Answers every message request matching {@code matcher} with {@code responder}, ahead of the queue. */
    public FakeAnthropicServer when(Predicate<RecordedRequest> matcher, Function<RecordedRequest, Reply> responder) {
        script.addRule(matcher, responder);
        return this;
    }

    /**
     * Declares requests that are not the agent's, such as a server's own calls (session titles): they are answered by
     * {@code responder} after the {@link #when rules} and never consume the queue, and they are left out of
     * {@link #messageRequests()} and {@link #awaitMessageRequests} (they stay in {@link #requests()}), so a script
     * written for the agent's turns is not shifted by them.
     */
    public FakeAnthropicServer aside(Predicate<RecordedRequest> matcher, Function<RecordedRequest, Reply> responder) {
        script.addAside(matcher, responder);
        return this;
    }

    /** The reply used when no rule matches and the queue is empty (initially text "OK"). */
    public FakeAnthropicServer defaultReply(Reply reply) {
        Objects.requireNonNull(reply, "reply");
        script.setFallback(request -> reply);
        return this;
    }

    /** The responder used when no rule matches and the queue is empty, e.g. {@link Responders#demo()}. */
    public FakeAnthropicServer respondWith(Function<RecordedRequest, Reply> responder) {
        script.setFallback(responder);
        return this;
    }

    /** What {@code POST /v1/messages/count_tokens} answers as {@code input_tokens}. */
    public FakeAnthropicServer countTokens(int inputTokens) {
        countTokens.set(inputTokens);
        return this;
    }

    /** How many queued replies are still unconsumed. */
    public int pendingReplies() {
        return script.pending();
    }

    /** Forgets rules, asides, queue, default responder, count_tokens value and recorded requests. */
    public FakeAnthropicServer reset() {
        script.reset();
        countTokens.set(DEFAULT_COUNT_TOKENS);
        requestLog.clear();
        return this;
    }

    // ---- recording -------------------------------------------------------------------------

    /** Every request received so far, in arrival order (a snapshot). */
    public List<RecordedRequest> requests() {
        return requestLog.snapshot();
    }

    /** The {@code POST /v1/messages} requests received so far, in arrival order, except {@link #aside asides}. */
    public List<RecordedRequest> messageRequests() {
        return requests().stream().filter(this::isAgentMessage).toList();
    }

    /** The {@code POST /v1/messages} requests declared {@link #aside aside}, in arrival order. */
    public List<RecordedRequest> asideRequests() {
        return requests().stream().filter(r -> r.isMessages() && script.isAside(r)).toList();
    }

    private boolean isAgentMessage(RecordedRequest request) {
        return request.isMessages() && !script.isAside(request);
    }

    /**
     * Blocks until at least {@code count} requests (any path) have arrived; returns them all.
     *
     * @throws AssertionError on timeout or interrupt, listing what did arrive
     */
    public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
        return await(count, timeout, request -> true, "requests");
    }

    /**
     * Blocks until at least {@code count} {@code POST /v1/messages} requests (not {@link #aside asides}) have arrived;
     * returns them.
     *
     * @throws AssertionError on timeout or interrupt, listing what did arrive
     */
    public List<RecordedRequest> awaitMessageRequests(int count, Duration timeout) {
        return await(count, timeout, this::isAgentMessage, "message requests");
    }

    private List<RecordedRequest> await(int count, Duration timeout, Predicate<RecordedRequest> filter, String what) {
        try {
            return requestLog.await(count, timeout, filter, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + count + " " + what, e);
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------

    /**
     * Stops listening, drops open connections, interrupts delayed replies and waits (at most five
     * seconds) for handler threads to end. Idempotent; never throws.
     */
    @Override
    public void close() {
        HttpServer http;
        ExecutorService handlers;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            http = server;
            handlers = executor;
        }
        if (http != null) {
            http.stop(0);
        }
        if (handlers != null) {
            handlers.shutdownNow();
            try {
                if (!handlers.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Fake Anthropic API handler threads still running {} after close", CLOSE_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Exchanges being handled right now (package-private: for leak checks in tests). */
    int activeExchanges() {
        return handler.activeExchanges();
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        synchronized (lifecycle) {
            return closed;
        }
    }

    /**
     * Runs the fake standalone with the {@link Responders#demo() demo responder} until killed:
     * {@code java -cp … dev.poco.testkit.anthropic.FakeAnthropicServer [--port N]}. Prints the base
     * URL, then one line per request.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> {
                    if (i + 1 >= args.length) {
                        usage("--port needs a value");
                    }
                    port = parsePort(args[++i]);
                }
                case "-h", "--help" -> usage(null);
                default -> usage("unknown argument: " + args[i]);
            }
        }
        FakeAnthropicServer fake = new FakeAnthropicServer(port);
        Function<RecordedRequest, Reply> demo = Responders.demo();
        fake.respondWith(request -> {
            System.out.println(request);
            return demo.apply(request);
        });
        fake.start();
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-anthropic-stop"));
        System.out.println("Fake Anthropic API listening on " + fake.baseUrl());
        System.out.println("export ANTHROPIC_BASE_URL=" + fake.baseUrl() + " ANTHROPIC_API_KEY=test");
        Thread.currentThread().join();
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage("not a port: " + value);
            return 0;
        }
    }

    private static void usage(@Nullable String error) {
        if (error != null) {
            System.err.println(error);
        }
        System.err.println("usage: FakeAnthropicServer [--port N]   (0 or absent: an ephemeral port)");
        System.exit(error == null ? 0 : 2);
    }
}
