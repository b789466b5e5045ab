package dev.poco.server.common;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The process's one PostgreSQL {@code LISTEN} connection, shared by every feature that waits for
 * something another replica may do (a run queued, a run canceled, a session event). Listeners
 * subscribe to a channel and receive each notification's payload on the hub's thread, so they
 * must return quickly (wake a waiter, offer to a queue). After the connection is lost and
 * re-established every listener also receives {@link #RECONNECTED}, since notifications sent in
 * between are gone and callers must re-read the database.
 *
 * <p>{@link #notify(JdbcClient, String, String)} uses the caller's connection, so inside a
 * transaction the notification is delivered only on commit.
 */
public final class PgNotifications implements SmartLifecycle {

    /** Payload delivered to every listener after a reconnect. */
    public static final String RECONNECTED = "\u0000reconnected";

    private static final Logger log = LoggerFactory.getLogger(PgNotifications.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String jdbcUrl;
    private final Properties connectionProperties;
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final Set<String> listening = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile @Nullable Thread thread;
    private volatile @Nullable Connection connection;

    public PgNotifications(String jdbcUrl, @Nullable String user, @Nullable String password) {
        this.jdbcUrl = jdbcUrl;
        this.connectionProperties = new Properties();
        if (user != null) {
            connectionProperties.setProperty("user", user);
        }
        if (password != null) {
            connectionProperties.setProperty("password", password);
        }
        connectionProperties.setProperty("ApplicationName", "poco-listen");
        connectionProperties.setProperty("tcpKeepAlive", "true");
        // while the database is down each reconnect attempt fails within seconds, not minutes
        connectionProperties.setProperty("connectTimeout", "3");
    }

    /** Sends a notification on the given connection (transactional: delivered on commit). */
    public static void notify(JdbcClient jdbc, String channel, String payload) {
        jdbc.sql("SELECT pg_notify(:channel, :payload)")
                .param("channel", channel)
                .param("payload", payload)
                .query((rs, i) -> 1)
                .list();
    }

    /**
     * Calls {@code listener} with every payload sent on {@code channel} from now on (and with
     * {@link #RECONNECTED}). Returns at once; the LISTEN is issued by the hub's thread within a
     * second, so subscribe before the first notification matters (at start-up).
     */
    public AutoCloseable subscribe(String channel, Consumer<String> listener) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("Bad channel name: " + channel);
        }
        // The hub's loop issues LISTEN for new channels within one poll (≤ 1 s). Features
        // subscribe at start-up, before any notification they care about can be sent.
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> {
            List<Consumer<String>> list = listeners.get(channel);
            if (list != null) {
                list.remove(listener);
            }
        };
    }

    @Override
    public void start() {
        running = true;
        Thread t = Thread.ofPlatform().daemon().name("pg-listen").start(this::loop);
        thread = t;
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        closeConnection();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 100; // up before web traffic, down after it
    }

    private void loop() {
        long backoffMillis = 200;
        boolean firstConnect = true;
        while (running) {
            try {
                Connection conn = connection;
                if (conn == null || conn.isClosed()) {
                    conn = DriverManager.getConnection(jdbcUrl, connectionProperties);
                    connection = conn;
                    listening.clear();
                    if (!firstConnect) {
                        log.info("LISTEN connection re-established");
                        broadcast(RECONNECTED);
                    }
                    firstConnect = false;
                    backoffMillis = 200;
                }
                listenToNewChannels(conn);
                PGNotification[] batch = conn.unwrap(PGConnection.class).getNotifications(1000);
                if (batch != null) {
                    for (PGNotification n : batch) {
                        dispatch(n.getName(), n.getParameter());
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                log.warn("LISTEN connection failed ({}); retrying in {} ms", e.getMessage(), backoffMillis);
                closeConnection();
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 5000);
            }
        }
    }

    private void listenToNewChannels(Connection conn) throws SQLException {
        for (String channel : listeners.keySet()) {
            if (listening.add(channel)) {
                try (Statement st = conn.createStatement()) {
                    st.execute("LISTEN " + channel);
                }
            }
        }
    }

    private void dispatch(String channel, String payload) {
        List<Consumer<String>> list = listeners.get(channel);
        if (list == null) {
            return;
        }
        for (Consumer<String> listener : list) {
            try {
                listener.accept(payload);
            } catch (RuntimeException e) {
                log.warn("Listener on channel {} failed: {}", channel, e.toString());
            }
        }
    }

    private void broadcast(String payload) {
        listeners.keySet().forEach(channel -> dispatch(channel, payload));
    }

    private void closeConnection() {
        Connection conn = connection;
        connection = null;
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // closing a broken connection; nothing to do
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
