package dev.poco.runner.gateway;

import dev.poco.protocol.GatewayUsage;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model gateway of one run: a Jetty HTTP/1.1 server ({@link GatewayHandler}) on a Unix socket or a TCP port
 * ({@link GatewayEndpoint}). {@link #sandboxEnvironment()} is what the sandbox needs to reach it.
 *
 * <p>On a Unix socket it listens on {@code <socketDir>/<random>/api.sock}: bind that directory ({@link
 * #runDirectory()}) read-only into the sandbox at {@code /run/llm}. The socket is connectable by any uid (mode 0666, directory 0755) so
 * that a sandbox running as another host user can use it; the parent directory is 0711, so other local users cannot
 * list the runs' directories, whose names end in a random part. On TCP, which any local process can reach, every
 * request must carry the run's random sandbox key as its API key.
 *
 * <p>Requests to {@code POST /v1/messages}, {@code POST /v1/messages/count_tokens} (any query) and {@code HEAD /} go
 * to the upstream with the sandbox's credentials replaced by the real ones; answers stream back as they arrive;
 * anything else gets 403. Tokens of every answer are metered per model ({@link #usage()}, {@link #usageByModel()}):
 * what the gateway saw, which the sandbox cannot forge.
 *
 * <p>Thread-safe. Each request is served on its own virtual thread.
 */
public final class ModelGateway implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** File name of the socket inside the run directory. */
    public static final String SOCKET_NAME = "api.sock";
    /** Where the sandbox sees the run directory; the socket is then {@code /run/llm/api.sock}. */
    public static final String SANDBOX_DIR = "/run/llm";
    /** The API key a sandbox on a Unix socket gets: the socket is the access control, the gateway replaces it. */
    static final String PLACEHOLDER_KEY = "poco-sandbox-placeholder";

    private static final Logger log = LoggerFactory.getLogger(ModelGateway.class);
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    /** Completed when the first model request (a POST) is forwarded upstream: the CLI is past its start-up. */
    private final CompletableFuture<Void> firstRequest = new CompletableFuture<>();
    private final String runId;
    private final Server server;
    private final Upstream upstream;
    private final @Nullable Path runDirectory;
    private final String sandboxKey;
    private final Map<String, TokenUsage> usage = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile GatewayEndpoint endpoint;
    private volatile boolean countTokensLocally;

    private ModelGateway(String runId, GatewayEndpoint where, @Nullable Path runDirectory, GatewayConfig config) {
        this.runId = runId;
        this.endpoint = where;
        this.runDirectory = runDirectory;
        this.upstream = new Upstream(config);
        boolean tcp = where instanceof GatewayEndpoint.Tcp;
        this.sandboxKey = tcp ? "poco-gw-" + HexFormat.of().formatHex(randomBytes(24)) : PLACEHOLDER_KEY;
        VirtualThreadPool threads = new VirtualThreadPool();
        threads.setName("gateway-" + runId);
        this.server = new Server(threads);
        server.setStopTimeout(0);
        server.setErrorHandler(new GatewayErrorHandler());
        server.setHandler(new GatewayHandler(config, upstream, tcp ? sandboxKey : null, this::record,
                () -> firstRequest.complete(null), () -> countTokensLocally));
        AbstractConnector connector = RunServers.connect(server, where, runDirectory == null ? null : socketPath(),
                RunServers.http(MAX_HEADER_BYTES));
        // Idle while the upstream thinks (up to the read timeout) must not cut the client's connection.
        connector.setIdleTimeout(config.readTimeout().plus(Duration.ofMinutes(1)).toMillis());
    }

    /** Same as {@link #open(GatewayEndpoint, String, GatewayConfig)} on a Unix socket under {@code socketDir}. */
    public static ModelGateway open(Path socketDir, String runId, GatewayConfig config) {
        return open(new GatewayEndpoint.Unix(socketDir), runId, config);
    }

    /**
     * Binds and starts serving. Returns once the endpoint accepts connections.
     *
     * @param where a Unix socket directory (created if missing and set to mode 0711; the run's socket goes in a new
     *     directory below it) or a TCP host and port (0 for an ephemeral one)
     * @param runId letters, digits, {@code _} and {@code -}; used in log lines and thread names
     * @throws GatewayException if the socket or port cannot be bound
     */
    public static ModelGateway open(GatewayEndpoint where, String runId, GatewayConfig config) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must match " + RUN_ID + ": " + runId);
        }
        @Nullable Path runDirectory = where instanceof GatewayEndpoint.Unix unix ? unixRunDirectory(unix.path()) : null;
        ModelGateway gateway = new ModelGateway(runId, where, runDirectory, config);
        gateway.start(config);
        return gateway;
    }

    /** A new, random directory for the run's socket; a short, unguessable name (see the class comment). */
    private static Path unixRunDirectory(Path socketDir) {
        try {
            return RunSocketDirectory.create(socketDir, SOCKET_NAME);
        } catch (IOException e) {
            throw new GatewayException("cannot open model gateway socket under " + socketDir + ": " + e.getMessage(),
                    e);
        }
    }

    private void start(GatewayConfig config) {
        try {
            endpoint = RunServers.start(server, endpoint, runDirectory == null ? null : socketPath());
        } catch (Exception e) {
            GatewayEndpoint where = endpoint;
            close();
            throw new GatewayException("cannot open the model gateway on " + where + ": " + e, e);
        }
        log.info("Model gateway for run {} listening on {}, forwarding to {}", runId, endpoint,
                config.upstreamBaseUrl());
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Where the gateway listens: the socket itself, or the host and the port bound. */
    public GatewayEndpoint endpoint() {
        return endpoint;
    }

    /** The socket on the host. Only for a Unix endpoint. */
    public Path socketPath() {
        return runDirectory().resolve(SOCKET_NAME);
    }

    /** The directory to bind read-only at {@link #SANDBOX_DIR}; it holds only the socket. Only for a Unix endpoint. */
    public Path runDirectory() {
        if (runDirectory == null) {
            throw new IllegalStateException("a TCP gateway has no socket directory");
        }
        return runDirectory;
    }

    /**
     * What the command in the sandbox needs to reach this gateway with the Claude Code CLI: {@code
     * ANTHROPIC_UNIX_SOCKET} (bind {@link #runDirectory()} at {@link #SANDBOX_DIR}) or {@code ANTHROPIC_BASE_URL},
     * and {@code ANTHROPIC_API_KEY}, a placeholder (Unix) or the run's sandbox key (TCP), never the real key.
     */
    public Map<String, String> sandboxEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        switch (endpoint) {
            case GatewayEndpoint.Unix unix -> {
                env.put("ANTHROPIC_UNIX_SOCKET", SANDBOX_DIR + "/" + SOCKET_NAME);
                env.put("ANTHROPIC_BASE_URL", "http://llm.invalid");
            }
            case GatewayEndpoint.Tcp tcp -> env.put("ANTHROPIC_BASE_URL", tcp.baseUrl());
        }
        env.put("ANTHROPIC_API_KEY", sandboxKey);
        return env;
    }

    /** Tokens metered so far, all models summed; safe to call from any thread at any time, also after close. */
    public TokenUsage usage() {
        return usage.values().stream().reduce(TokenUsage.ZERO, TokenUsage::plus);
    }

    /** Tokens metered so far per model, as the upstream named it ({@code unknown} for answers without usage). */
    public Map<String, TokenUsage> usageByModel() {
        return new TreeMap<>(usage);
    }

    /** What was metered so far in the callback protocol's shape; the cost stays unknown (no price list here). */
    public GatewayUsage meteredUsage() {
        TokenUsage total = usage();
        Map<String, GatewayUsage.Model> models = new LinkedHashMap<>();
        usageByModel().forEach((model, counted) -> models.put(model, new GatewayUsage.Model(counted.inputTokens(),
                counted.outputTokens(), counted.cacheCreationInputTokens(), counted.cacheReadInputTokens(),
                counted.requests())));
        return new GatewayUsage(total.inputTokens(), total.outputTokens(), total.cacheCreationInputTokens(),
                total.cacheReadInputTokens(), total.requests(), null, models);
    }

    private void record(String model, TokenUsage delta) {
        usage.merge(model, delta, TokenUsage::plus);
    }

    /**
     * While on, {@code POST /v1/messages/count_tokens} is answered here with an estimate instead of going upstream.
     * A pooled CLI is warmed up with {@code get_context_usage}, which counts its system prompt, tools and skills in
     * about twenty such requests: on a real key they would spend the account's token-count rate limit on numbers
     * nobody reads. Off again before a run gets the agent, so a run's own counts are real.
     */
    public void countTokensLocally(boolean on) {
        this.countTokensLocally = on;
    }

    /**
     * Runs {@code action} once, when the first model request (a POST; not the {@code HEAD /} warm-up the CLI may send
     * early in its start) is forwarded upstream, or at once if one already was: the CLI is past its start-up then.
     * Runs on the request's thread, so it must be quick.
     */
    public void onFirstRequest(Runnable action) {
        firstRequest.thenRun(action);
    }

    /**
     * Stops serving, aborts open connections and in-flight upstream requests, and deletes the socket and run
     * directory. Returns without waiting for request threads. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            log.debug("Stopping the gateway of run {} failed: {}", runId, e.toString());
        }
        upstream.close();
        if (runDirectory != null) {
            RunSocketDirectory.delete(runDirectory, SOCKET_NAME);
        }
        log.info("Model gateway for run {} closed; usage {}", runId, usage());
    }
}
