package dev.poco.runner.gateway;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a {@link ModelGateway} listens. Passed to {@link ModelGateway#open(GatewayEndpoint, String, GatewayConfig)} it
 * says where to bind; {@link ModelGateway#endpoint()} returns where the gateway actually listens.
 */
public sealed interface GatewayEndpoint {

    /**
     * A Unix socket, for sandboxes without a network (bubblewrap), bind-mounted into the sandbox.
     *
     * @param path to {@code open}: the directory under which the run's socket directory is created; from {@code
     *     endpoint()}: the socket itself
     */
    record Unix(Path path) implements GatewayEndpoint {
        public Unix {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * A TCP address, for sandboxes that reach the runner over a network (no sandbox; later containers and pods).
     *
     * @param host address to bind and to give the sandbox, for example {@code 127.0.0.1}
     * @param port to {@code open}: 0 for an ephemeral port; from {@code endpoint()}: the port bound
     */
    record Tcp(String host, int port) implements GatewayEndpoint {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (host.isBlank() || port < 0 || port > 65535) {
                throw new IllegalArgumentException("bad TCP endpoint " + host + ":" + port);
            }
        }

        /** The base URL a client in the sandbox uses. */
        public String baseUrl() {
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
