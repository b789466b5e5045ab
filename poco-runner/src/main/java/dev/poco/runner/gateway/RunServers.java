package dev.poco.runner.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * The Jetty plumbing the model gateway and the egress gate share: one HTTP/1.1 connector on a run's Unix socket
 * (connectable by any uid, so a sandbox running as another host user can use it) or on a TCP address, and starting
 * it to learn where it listens.
 */
public final class RunServers {

    private RunServers() {}

    /** HTTP/1.1 that names no server software and takes headers up to {@code maxHeaderBytes}. */
    public static HttpConfiguration http(int maxHeaderBytes) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(maxHeaderBytes);
        http.setResponseHeaderSize(maxHeaderBytes);
        return http;
    }

    /**
     * Adds the connector for {@code where} to {@code server}.
     *
     * @param socket the socket file for a Unix endpoint; ignored for TCP
     */
    public static AbstractConnector connect(Server server, GatewayEndpoint where, @Nullable Path socket,
            HttpConfiguration http) {
        AbstractConnector connector = switch (where) {
            case GatewayEndpoint.Unix unix -> {
                UnixDomainServerConnector uds = new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
                uds.setUnixDomainPath(Objects.requireNonNull(socket, "socket"));
                yield uds;
            }
            case GatewayEndpoint.Tcp address -> {
                ServerConnector port = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
                port.setHost(address.host());
                port.setPort(address.port());
                yield port;
            }
        };
        server.addConnector(connector);
        return connector;
    }

    /** Starts {@code server} and returns where it listens: the socket (made connectable by any uid), or the port bound. */
    public static GatewayEndpoint start(Server server, GatewayEndpoint requested, @Nullable Path socket)
            throws Exception {
        server.start();
        if (requested instanceof GatewayEndpoint.Tcp tcp) {
            return new GatewayEndpoint.Tcp(tcp.host(), ((ServerConnector) server.getConnectors()[0]).getLocalPort());
        }
        Path file = Objects.requireNonNull(socket, "socket");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        return new GatewayEndpoint.Unix(file);
    }
}
