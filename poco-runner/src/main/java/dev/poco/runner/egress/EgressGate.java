package dev.poco.runner.egress;

import dev.poco.protocol.NetworkEvent;
import dev.poco.runner.gateway.GatewayEndpoint;
import dev.poco.runner.gateway.RunServers;
import dev.poco.runner.gateway.RunSocketDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.HostPort;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's egress gate: a Jetty HTTP/1.1 forward proxy on a Unix socket (bubblewrap, bound into the sandbox at
 * {@link #SANDBOX_DIR}) or a TCP port (no sandbox). {@code CONNECT host:port} opens a tunnel (TLS passes through
 * untouched: the gate decides by name and port and never sees inside); an absolute-URI request ({@code GET
 * http://host/…}) is forwarded. Both are decided by {@link EgressRules}; the connection goes to the address the rules
 * checked. Each connection, opened or refused, becomes one {@link NetworkEvent} for {@code events}: a refusal at
 * once, an opened connection when it closes, with its bytes.
 *
 * <p>A refusal answers {@code 403} with a one-line reason in the body and in {@code X-Poco-Egress}, so {@code curl},
 * pip and npm print why; a host that does not answer gets {@code 502}.
 *
 * <p>Thread-safe. Requests are served on virtual threads.
 */
public final class EgressGate implements AutoCloseable {

    /** File name of the socket inside the run directory. */
    public static final String SOCKET_NAME = "egress.sock";
    /** File name of the sandbox-side relay script inside the run directory. */
    public static final String RELAY_NAME = "relay.js";
    /** Where the sandbox sees the run directory. */
    public static final String SANDBOX_DIR = "/run/egress";
    /** The port the relay listens on inside the sandbox's own loopback. */
    public static final int SANDBOX_PROXY_PORT = 3128;
    /** The response header that carries a refusal's reason. */
    public static final String REASON_HEADER = "X-Poco-Egress";

    private static final Logger log = LoggerFactory.getLogger(EgressGate.class);
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final String RESOLVED = EgressGate.class.getName() + ".resolved";
    private static final String TUNNEL = EgressGate.class.getName() + ".tunnel";
    private static final String BYTES_MARK = EgressGate.class.getName() + ".bytes";
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** A tunnel or keep-alive connection with no traffic this long is closed. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private final String runId;
    private final EgressRules rules;
    private final EgressLimits limits;
    private final Consumer<NetworkEvent> events;
    private final Supplier<@Nullable String> currentToolUse;
    private final Server server;
    private final @Nullable Path runDirectory;
    private final AtomicLong seq = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile GatewayEndpoint endpoint;

    private EgressGate(String runId, GatewayEndpoint where, @Nullable Path runDirectory, EgressRules rules,
            EgressLimits limits, Consumer<NetworkEvent> events, Supplier<@Nullable String> currentToolUse) {
        this.runId = runId;
        this.endpoint = where;
        this.runDirectory = runDirectory;
        this.rules = rules;
        this.limits = limits;
        this.events = events;
        this.currentToolUse = currentToolUse;
        VirtualThreadPool threads = new VirtualThreadPool();
        threads.setName("egress-" + runId);
        this.server = new Server(threads);
        server.setStopTimeout(0);
        Tunnels tunnels = new Tunnels();
        tunnels.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        tunnels.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        tunnels.setHandler(new Forward());
        server.setHandler(tunnels);
        HttpConfiguration http = RunServers.http(MAX_HEADER_BYTES);
        http.setSendDateHeader(false);
        // RFC 9112 §3.2.2: a proxy takes the target from the request line and ignores a Host header that differs.
        http.setHttpCompliance(HttpCompliance.RFC9110.with("egress proxy",
                HttpCompliance.Violation.MISMATCHED_AUTHORITY));
        AbstractConnector connector = RunServers.connect(server, where,
                runDirectory == null ? null : runDirectory.resolve(SOCKET_NAME), http);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    }

    /**
     * Binds and starts serving; returns once the endpoint accepts connections.
     *
     * @param where a Unix socket directory (the run's socket and relay go in a new directory below it) or a TCP host
     *     and port (0 for an ephemeral one)
     * @param events receives every connection's record, on the thread that ended it; must be quick
     * @param currentToolUse the id of the tool call running now, when exactly one is; recorded with each connection
     * @throws EgressException if the socket or port cannot be bound
     */
    public static EgressGate open(GatewayEndpoint where, String runId, EgressRules rules, EgressLimits limits,
            Consumer<NetworkEvent> events, Supplier<@Nullable String> currentToolUse) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must match " + RUN_ID + ": " + runId);
        }
        @Nullable Path runDirectory = null;
        if (where instanceof GatewayEndpoint.Unix unix) {
            try {
                runDirectory = RunSocketDirectory.create(unix.path(), SOCKET_NAME);
                writeRelay(runDirectory.resolve(RELAY_NAME));
            } catch (IOException e) {
                if (runDirectory != null) {
                    RunSocketDirectory.delete(runDirectory, SOCKET_NAME, RELAY_NAME);
                }
                throw new EgressException("cannot open the egress gate's socket under " + unix.path() + ": " + e, e);
            }
        }
        EgressGate gate = new EgressGate(runId, where, runDirectory, rules, limits, events, currentToolUse);
        gate.start();
        return gate;
    }

    private static void writeRelay(Path target) throws IOException {
        try (InputStream relay = EgressGate.class.getResourceAsStream(RELAY_NAME)) {
            if (relay == null) {
                throw new IOException("the relay script " + RELAY_NAME + " is missing from the runner");
            }
            Files.copy(relay, target);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--r--r--"));
    }

    private void start() {
        try {
            endpoint = RunServers.start(server, endpoint,
                    runDirectory == null ? null : runDirectory.resolve(SOCKET_NAME));
        } catch (Exception e) {
            GatewayEndpoint where = endpoint;
            close();
            throw new EgressException("cannot open the egress gate on " + where + ": " + e, e);
        }
        log.info("Egress gate for run {} listening on {}, policy {}", runId, endpoint, rules.mode());
    }

    /** Where the gate listens: the socket itself, or the host and the port bound. */
    public GatewayEndpoint endpoint() {
        return endpoint;
    }

    /** The directory to bind read-only at {@link #SANDBOX_DIR}: the socket and the relay. Only for a Unix endpoint. */
    public Path runDirectory() {
        if (runDirectory == null) {
            throw new IllegalStateException("a TCP egress gate has no socket directory");
        }
        return runDirectory;
    }

    /**
     * The proxy variables for the sandbox: the standard ones in both spellings (curl reads only the lower-case
     * {@code http_proxy}), npm's and yarn's own, and Node's switch to honour them. On a Unix endpoint they name the
     * relay on the sandbox's loopback ({@link #sandboxCommand}); on TCP, the gate itself.
     */
    public Map<String, String> sandboxEnvironment() {
        String url = switch (endpoint) {
            case GatewayEndpoint.Unix unix -> "http://127.0.0.1:" + SANDBOX_PROXY_PORT;
            case GatewayEndpoint.Tcp tcp -> tcp.baseUrl();
        };
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : List.of("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                "all_proxy", "npm_config_proxy", "npm_config_https_proxy", "YARN_HTTP_PROXY", "YARN_HTTPS_PROXY")) {
            env.put(name, url);
        }
        // The model gateway is a Unix socket behind this dummy host, or on TCP a port on this gate's own host (the
        // runner's); it must never be sent to the proxy, which refuses private addresses.
        String noProxy = endpoint instanceof GatewayEndpoint.Tcp tcp ? "llm.invalid," + tcp.host() : "llm.invalid";
        env.put("NO_PROXY", noProxy);
        env.put("no_proxy", noProxy);
        env.put("NODE_USE_ENV_PROXY", "1");
        return env;
    }

    /**
     * {@code command} started through the relay: {@code node /run/egress/relay.js 3128 /run/egress/egress.sock --
     * command…}. The relay listens on the sandbox's loopback, then starts the command with the same standard
     * streams, forwards signals to it and exits with its status. On TCP there is no relay: the command as is.
     *
     * @param node the Node.js binary as the sandbox sees it
     */
    public List<String> sandboxCommand(String node, List<String> command) {
        if (!(endpoint instanceof GatewayEndpoint.Unix)) {
            return List.copyOf(command);
        }
        List<String> argv = new java.util.ArrayList<>(List.of(node, SANDBOX_DIR + "/" + RELAY_NAME,
                Integer.toString(SANDBOX_PROXY_PORT), SANDBOX_DIR + "/" + SOCKET_NAME, "--"));
        argv.addAll(command);
        return List.copyOf(argv);
    }

    /** Connections opened so far (refusals not counted). */
    public int connectionsOpened() {
        return connections.get();
    }

    /** Bytes through the gate so far, both directions. */
    public long bytesTransferred() {
        return bytes.get();
    }

    /** Stops serving, closes open tunnels and deletes the socket directory. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            log.debug("Stopping the egress gate of run {} failed: {}", runId, e.toString());
        }
        if (runDirectory != null) {
            RunSocketDirectory.delete(runDirectory, SOCKET_NAME, RELAY_NAME);
        }
        log.info("Egress gate for run {} closed: {} connections, {} bytes", runId, connections.get(), bytes.get());
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A connection being served: what its event will say. */
    private final class Attempt {
        final long startedNanos = System.nanoTime();
        final OffsetDateTime startedAt = OffsetDateTime.now(ZoneOffset.UTC);
        final String host;
        final int port;
        final String method;
        final @Nullable String url;
        final @Nullable String toolUseId = currentToolUse.get();
        final AtomicLong up = new AtomicLong();
        final AtomicLong down = new AtomicLong();
        final AtomicBoolean reported = new AtomicBoolean();
        volatile @Nullable String address;
        volatile String reason = "";
        volatile @Nullable EndPoint downstream;

        Attempt(String host, int port, String method, @Nullable String url) {
            this.host = host;
            this.port = port;
            this.method = method;
            this.url = url;
        }

        /** The rules' verdict, the limits included; on success {@link #address} is set and the resolution returned. */
        EgressRules.@Nullable Resolution decide() {
            EgressRules.Decision byName = rules.byName(host, port);
            if (!byName.allowed()) {
                reason = byName.reason();
                return null;
            }
            EgressRules.Resolution resolution = rules.resolve(host, port, byName);
            reason = resolution.decision().reason();
            if (!resolution.decision().allowed()) {
                return null;
            }
            if (bytes.get() >= limits.maxBytes()) {
                reason = "the run reached its network limit of " + limits.maxBytes() + " bytes";
                return null;
            }
            if (connections.incrementAndGet() > limits.maxConnections()) {
                connections.decrementAndGet();
                reason = "the run reached its network limit of " + limits.maxConnections() + " connections";
                return null;
            }
            address = resolution.addresses().getFirst().getHostAddress();
            return resolution;
        }

        void report(boolean allowed) {
            if (!reported.compareAndSet(false, true)) {
                return;
            }
            long millis = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
            NetworkEvent event = new NetworkEvent(seq.incrementAndGet(), host, port, method, url, address, allowed,
                    reason, up.get(), down.get(), startedAt, millis, toolUseId);
            if (allowed) {
                log.debug("Run {} egress {} {}:{} ({}) up {} down {} in {} ms", runId, method, host, port, address,
                        up.get(), down.get(), millis);
            } else {
                log.info("Run {} egress refused {} {}:{}: {}", runId, method, host, port, reason);
            }
            try {
                events.accept(event);
            } catch (RuntimeException e) {
                log.warn("Recording a network event of run {} failed: {}", runId, e.toString());
            }
        }

        void count(boolean upstream, long n) {
            if (n > 0) {
                (upstream ? up : down).addAndGet(n);
                bytes.addAndGet(n);
            }
        }
    }

    private static void refuse(Request request, Response response, Callback callback, Attempt attempt, int status) {
        String line = "Poco egress gate: " + attempt.method + " " + attempt.host + ":" + attempt.port + " refused: "
                + attempt.reason;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(REASON_HEADER, ascii(attempt.reason));
        if (HttpMethod.CONNECT.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        Content.Sink.write(response, true, line + "\n", callback);
    }

    private static String ascii(String text) {
        return text.replaceAll("[^\\x20-\\x7E]", "?");
    }

    /** CONNECT: decided, then tunneled to the checked address with both directions counted. */
    private final class Tunnels extends ConnectHandler {

        @Override
        protected void handleConnect(Request request, Response response, Callback callback, String serverAddress) {
            HostPort target;
            try {
                target = new HostPort(serverAddress);
            } catch (IllegalArgumentException e) {
                Attempt attempt = new Attempt(serverAddress, 0, "CONNECT", null);
                attempt.reason = "\"" + serverAddress + "\" is not a host:port";
                refuse(request, response, callback, attempt, HttpStatus.BAD_REQUEST_400);
                attempt.report(false);
                return;
            }
            Attempt attempt = new Attempt(target.getHost(), target.getPort(443), "CONNECT", null);
            EgressRules.Resolution resolution = attempt.decide();
            if (resolution == null) {
                refuse(request, response, callback, attempt, HttpStatus.FORBIDDEN_403);
                attempt.report(false);
                return;
            }
            request.setAttribute(RESOLVED, resolution.addresses().getFirst());
            request.setAttribute(TUNNEL, attempt);
            super.handleConnect(request, response, callback, serverAddress);
        }

        @Override
        protected void connectToServer(Request request, String host, int port, Promise<SocketChannel> promise) {
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.socket().setTcpNoDelay(true);
                channel.configureBlocking(false);
                channel.connect(new InetSocketAddress((InetAddress) request.getAttribute(RESOLVED), port));
                promise.succeeded(channel);
            } catch (Throwable x) {
                if (channel != null) {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // failing anyway
                    }
                }
                promise.failed(x);
            }
        }

        @Override
        protected void onConnectFailure(Request request, Response response, Callback callback, Throwable failure) {
            Attempt attempt = (Attempt) request.getAttribute(TUNNEL);
            if (attempt == null) {
                super.onConnectFailure(request, response, callback, failure);
                return;
            }
            attempt.reason = "could not connect to " + attempt.address + ": " + failure.getMessage();
            refuse(request, response, callback, attempt, HttpStatus.BAD_GATEWAY_502);
            attempt.report(false);
        }

        @Override
        protected void prepareContext(Request request, ConcurrentMap<String, Object> context) {
            Attempt attempt = (Attempt) request.getAttribute(TUNNEL);
            if (attempt != null) {
                attempt.downstream = request.getTunnelSupport().getEndPoint();
                attempt.reason = attempt.reason.isEmpty() ? "allowed" : attempt.reason;
                context.put(TUNNEL, attempt);
            }
        }

        @Override
        protected int read(EndPoint endPoint, ByteBuffer buffer, ConcurrentMap<String, Object> context)
                throws IOException {
            int n = super.read(endPoint, buffer, context);
            Attempt attempt = (Attempt) context.get(TUNNEL);
            if (attempt != null && n > 0) {
                attempt.count(endPoint == attempt.downstream, n);
                if (bytes.get() > limits.maxBytes()) {
                    attempt.reason = "closed: the run reached its network limit of " + limits.maxBytes() + " bytes";
                    throw new IOException(attempt.reason);
                }
            }
            return n;
        }

        @Override
        protected DownstreamConnection newDownstreamConnection(EndPoint endPoint,
                ConcurrentMap<String, Object> context) {
            return new DownstreamConnection(endPoint, getExecutor(), getByteBufferPool(), context) {
                @Override
                public void onClose(@Nullable Throwable cause) {
                    super.onClose(cause);
                    Attempt attempt = (Attempt) context.get(TUNNEL);
                    if (attempt != null) {
                        attempt.report(true);
                    }
                }
            };
        }
    }

    /** Absolute-URI requests ({@code GET http://host/…}): decided, then forwarded by Jetty's proxy client. */
    private final class Forward extends ProxyHandler.Forward {

        @Override
        protected void configureHttpClient(HttpClient client) {
            super.configureHttpClient(client);
            client.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
            client.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            client.setSocketAddressResolver(new CheckedResolver());
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            HttpURI uri = request.getHttpURI();
            if (!uri.isAbsolute() || uri.getHost() == null) {
                Attempt attempt = new Attempt("(none)", 0, request.getMethod(), null);
                attempt.reason = "this is the run's egress proxy: send requests through it as a proxy "
                        + "(an absolute URL, or CONNECT host:port)";
                refuse(request, response, callback, attempt, HttpStatus.BAD_REQUEST_400);
                return true; // not a connection attempt: no event
            }
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            Attempt attempt = new Attempt(uri.getHost(), port, request.getMethod(), uri.asString());
            if (attempt.decide() == null) {
                refuse(request, response, callback, attempt, HttpStatus.FORBIDDEN_403);
                attempt.report(false);
                return true;
            }
            // Bytes of the sandbox's connection since the previous request on it (keep-alive), this request's head
            // included, which was read before it got here.
            Connection connection = request.getConnectionMetaData().getConnection();
            Object mark = request.getConnectionMetaData().getAttribute(BYTES_MARK);
            long[] before = mark instanceof long[] counted ? counted : new long[] {0, 0};
            Runnable finish = () -> {
                long in = connection.getBytesIn();
                long out = connection.getBytesOut();
                attempt.count(true, in - before[0]);
                attempt.count(false, out - before[1]);
                request.getConnectionMetaData().setAttribute(BYTES_MARK, new long[] {in, out});
                attempt.report(true);
            };
            return super.handle(request, response, new Callback() {
                @Override
                public void succeeded() {
                    finish.run();
                    callback.succeeded();
                }

                @Override
                public void failed(Throwable failure) {
                    attempt.reason = "failed: " + failure.getMessage();
                    finish.run();
                    callback.failed(failure);
                }

                @Override
                public InvocationType getInvocationType() {
                    return callback.getInvocationType();
                }
            });
        }
    }

    /** The forwarding client's DNS: the gate's own, so that it connects only to addresses the rules allow. */
    private final class CheckedResolver implements SocketAddressResolver {
        @Override
        public void resolve(String host, int port, Map<String, Object> context,
                Promise<List<InetSocketAddress>> promise) {
            EgressRules.Decision byName = rules.byName(host, port);
            EgressRules.Resolution resolution = byName.allowed() ? rules.resolve(host, port, byName) : null;
            if (resolution == null || !resolution.decision().allowed()) {
                promise.failed(new IOException("egress refused: "
                        + (resolution == null ? byName.reason() : resolution.decision().reason())));
                return;
            }
            promise.succeeded(resolution.addresses().stream().map(a -> new InetSocketAddress(a, port)).toList());
        }
    }
}
