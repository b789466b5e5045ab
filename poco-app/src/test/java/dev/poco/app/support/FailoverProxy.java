package dev.poco.app.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP load balancer in front of several servers, the way a health-checking proxy behaves once a replica is gone:
 * each connection goes to the first server that accepts it, so while the first one lives everything reaches it, and
 * after it dies (connection refused) everything reaches the next. Open connections to a dead server break, as they
 * do behind a real balancer. Written here because no library of the build offers a TCP proxy, and this one must only
 * copy bytes.
 */
public final class FailoverProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Integer> ports;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public FailoverProxy(List<Integer> ports) {
        this.ports = List.copyOf(ports);
        try {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("failover-proxy").start(this::accept);
    }

    public String base() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        for (int port : ports) {
            try {
                upstream = new Socket();
                upstream.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                break;
            } catch (IOException refused) {
                upstream = null;
            }
        }
        if (upstream == null) {
            closeQuietly(client);
            return;
        }
        Socket server = upstream;
        open.add(client);
        open.add(server);
        Thread.ofVirtual().start(() -> pump(client, server));
        pump(server, client);
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side went away: the other goes too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing
        }
        open.forEach(this::closeQuietly);
    }
}
