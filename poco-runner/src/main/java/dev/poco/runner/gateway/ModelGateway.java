package dev.poco.runner.gateway;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model gateway of one run: an HTTP/1.1 server on {@code <socketDir>/<runId>.<random>/api.sock}. Bind that
 * directory read-only into the sandbox at {@code /run/llm} and set {@code ANTHROPIC_UNIX_SOCKET=/run/llm/api.sock}.
 *
 * <p>Requests to {@code POST /v1/messages}, {@code POST /v1/messages/count_tokens} (any query) and {@code HEAD /} go
 * to the upstream with the sandbox's credentials replaced by the real ones; answers stream back as they arrive;
 * anything else gets 403. The socket is connectable by any uid (mode 0666, directory 0755) so that a sandbox running
 * as another host user can use it; the parent directory is 0711, so other local users cannot list the runs'
 * directories, whose names end in a random part.
 *
 * <p>Thread-safe. Each client connection is served on its own virtual thread.
 */
public final class ModelGateway implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** File name of the socket inside the run directory. */
    public static final String SOCKET_NAME = "api.sock";
    /** Where the sandbox sees the run directory; the socket is then {@code /run/llm/api.sock}. */
    public static final String SANDBOX_DIR = "/run/llm";

    private static final Logger log = LoggerFactory.getLogger(ModelGateway.class);
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    /** sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    private final String runId;
    private final Path runDirectory;
    private final Path socketPath;
    private final ServerSocketChannel server;
    private final Upstream upstream;
    private final GatewayConfig config;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final AtomicReference<TokenUsage> usage = new AtomicReference<>(TokenUsage.ZERO);
    private final AtomicBoolean closed = new AtomicBoolean();

    private ModelGateway(String runId, Path runDirectory, Path socketPath, ServerSocketChannel server,
            GatewayConfig config) {
        this.runId = runId;
        this.runDirectory = runDirectory;
        this.socketPath = socketPath;
        this.server = server;
        this.config = config;
        this.upstream = new Upstream(config);
    }

    /**
     * Creates the run directory and socket and starts accepting connections. Returns once the socket accepts.
     *
     * @param socketDir parent of all runs' directories; created if missing and set to mode 0711
     * @param runId letters, digits, {@code _} and {@code -}; used in log lines and thread names
     * @throws GatewayException if the directory or socket cannot be created
     */
    public static ModelGateway open(Path socketDir, String runId, GatewayConfig config) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must match " + RUN_ID + ": " + runId);
        }
        // A short, unguessable name: Unix socket paths are limited to 107 bytes, and the 0711 parent
        // hides the names from other local users.
        Path runDirectory = socketDir.toAbsolutePath().normalize()
                .resolve(HexFormat.of().toHexDigits(RANDOM.nextLong()));
        Path socket = runDirectory.resolve(SOCKET_NAME);
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new GatewayException("socket path too long for a Unix socket (" + socket
                    + "); configure a shorter socket directory");
        }
        ServerSocketChannel server = null;
        try {
            prepareParent(socketDir);
            Files.createDirectory(runDirectory);
            Files.setPosixFilePermissions(runDirectory, PosixFilePermissions.fromString("rwxr-xr-x"));
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (IOException e) {
            closeQuietly(server);
            deleteQuietly(socket);
            deleteQuietly(runDirectory);
            throw new GatewayException("cannot open model gateway socket " + socket + ": " + e, e);
        }
        ModelGateway gateway = new ModelGateway(runId, runDirectory, socket, server, config);
        Thread.ofVirtual().name("gateway-accept-" + runId).start(gateway::acceptLoop);
        log.info("Model gateway for run {} listening on {}, forwarding to {}", runId, socket,
                config.upstreamBaseUrl());
        return gateway;
    }

    /** The socket on the host. */
    public Path socketPath() {
        return socketPath;
    }

    /** The directory to bind read-only at {@link #SANDBOX_DIR}; it holds only the socket. */
    public Path runDirectory() {
        return runDirectory;
    }

    /** Tokens metered so far; safe to call from any thread at any time, also after {@link #close()}. */
    public TokenUsage usage() {
        return usage.get();
    }

    /**
     * Stops accepting, aborts open connections and in-flight upstream requests, and deletes the socket and run
     * directory. Returns without waiting for connection threads. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(server);
        connections.forEach(ModelGateway::closeQuietly);
        upstream.close();
        deleteQuietly(socketPath);
        deleteQuietly(runDirectory);
        log.info("Model gateway for run {} closed; usage {}", runId, usage.get());
    }

    private void acceptLoop() {
        while (!closed.get()) {
            try {
                SocketChannel channel = server.accept();
                connections.add(channel);
                GatewayConnection connection = new GatewayConnection(channel, config, upstream,
                        delta -> usage.accumulateAndGet(delta, TokenUsage::plus));
                Thread.ofVirtual().name("gateway-" + runId).start(() -> {
                    try {
                        connection.run();
                    } finally {
                        connections.remove(channel);
                    }
                });
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed.get()) {
                    log.warn("Model gateway for run {} stopped accepting: {}", runId, e.toString());
                }
                return;
            }
        }
    }

    private static void prepareParent(Path socketDir) throws IOException {
        Files.createDirectories(socketDir);
        if (Files.isSymbolicLink(socketDir)) {
            throw new IOException(socketDir + " is a symbolic link");
        }
        int owner = (Integer) Files.getAttribute(socketDir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) {
            throw new IOException(socketDir + " belongs to another user");
        }
        Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwx--x--x"));
    }

    private static void closeQuietly(java.nio.channels.@org.jspecify.annotations.Nullable Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.trace("closing channel failed", e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", path, e.toString());
        }
    }
}
