package dev.poco.runner.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.NetworkEvent;
import dev.poco.protocol.spec.NetworkPolicy;
import dev.poco.runner.gateway.GatewayEndpoint;
import dev.poco.testkit.http.Origin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate on real sockets: a local origin server, the gate on TCP and on a Unix socket, raw proxy requests. */
class EgressGateTest {

    private static final byte[] BODY = "hello from the origin\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private Origin origin;
    private int port;
    private final List<NetworkEvent> events = new CopyOnWriteArrayList<>();
    private EgressGate gate;

    @BeforeEach
    void startOrigin() {
        origin = Origin.text(new String(BODY, StandardCharsets.UTF_8));
        port = origin.port();
    }

    @AfterEach
    void stop() {
        if (gate != null) {
            gate.close();
        }
        origin.close();
    }

    /** "app.poco.test" and "rebind.poco.test" resolve to the loopback origin, as a hostile DNS server could make them. */
    private static final EgressRules.Resolver DNS = host -> switch (host) {
        case "app.poco.test", "rebind.poco.test" -> new InetAddress[] {InetAddress.getLoopbackAddress()};
        default -> {
            if (host.matches("[0-9.]+")) {
                yield new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
    };

    private EgressGate openTcp(NetworkPolicy policy, EgressLimits limits) {
        gate = EgressGate.open(new GatewayEndpoint.Tcp("127.0.0.1", 0), "t1", EgressRules.of(policy, DNS), limits,
                events::add, () -> "toolu_1");
        return gate;
    }

    private EgressGate openTcp(NetworkPolicy policy) {
        return openTcp(policy, EgressLimits.DEFAULTS);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", ((GatewayEndpoint.Tcp) gate.endpoint()).port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    @Test
    void aPlainRequestToAnExplicitlyAllowedHostIsForwardedAndRecorded() throws Exception {
        openTcp(new NetworkPolicy.Allowlist(List.of("127.0.0.1:" + port)));
        try (Socket socket = connect()) {
            String response = exchange(socket, "GET http://127.0.0.1:" + port + "/simple HTTP/1.1\r\nHost: 127.0.0.1:"
                    + port + "\r\nConnection: close\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("hello from the origin\n");
        }
        await().until(() -> events.size() == 1);
        NetworkEvent event = events.getFirst();
        assertThat(event.allowed()).isTrue();
        assertThat(event).extracting(NetworkEvent::seq, NetworkEvent::host, NetworkEvent::port, NetworkEvent::method,
                NetworkEvent::address, NetworkEvent::reason, NetworkEvent::toolUseId)
                .containsExactly(1L, "127.0.0.1", port, "GET", "127.0.0.1", "allowlist entry 127.0.0.1:" + port,
                        "toolu_1");
        assertThat(event.url()).isEqualTo("http://127.0.0.1:" + port + "/simple");
        assertThat(event.bytesDown()).isGreaterThan(BODY.length);
        assertThat(event.bytesUp()).isGreaterThan(20);
    }

    @Test
    void aTunnelCarriesBytesBothWaysAndCountsThem() throws Exception {
        openTcp(new NetworkPolicy.Allowlist(List.of("127.0.0.1:" + port)));
        String post = "x".repeat(5000);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
            String response = exchange(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Length: " + post.length() + "\r\n\r\n" + post);
            assertThat(response).startsWith("HTTP/1.1 200").endsWith(post);
        }
        await().until(() -> events.size() == 1);
        NetworkEvent event = events.getFirst();
        assertThat(event.method()).isEqualTo("CONNECT");
        assertThat(event.allowed()).isTrue();
        assertThat(event.url()).isNull();
        assertThat(event.bytesUp()).isGreaterThan(5000);
        assertThat(event.bytesDown()).isGreaterThan(5000);
        assertThat(gate.bytesTransferred()).isEqualTo(event.bytesUp() + event.bytesDown());
    }

    @Test
    void openStillRefusesLoopbackMetadataAndNamesThatResolvePrivately() throws Exception {
        openTcp(new NetworkPolicy.Open());
        for (String target : List.of("127.0.0.1:" + port, "169.254.169.254:80", "rebind.poco.test:" + port)) {
            try (Socket socket = connect()) {
                String response = exchange(socket, "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n");
                assertThat(response).startsWith("HTTP/1.1 403").contains("X-Poco-Egress: ")
                        .contains("Poco egress gate: CONNECT " + target + " refused: ");
            }
        }
        try (Socket socket = connect()) {
            assertThat(exchange(socket, "GET http://rebind.poco.test:" + port + "/ HTTP/1.1\r\nHost: rebind.poco.test\r\n"
                    + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 403").contains("resolves to 127.0.0.1");
        }
        await().until(() -> events.size() == 4);
        assertThat(events).noneMatch(NetworkEvent::allowed);
        assertThat(events).extracting(NetworkEvent::reason).containsExactly(
                "127.0.0.1, a loopback address; only an allowlist entry naming it exactly opens it",
                "169.254.169.254, the cloud metadata address; only an allowlist entry naming it exactly opens it",
                "rebind.poco.test resolves to 127.0.0.1, a loopback address; only an allowlist entry naming it exactly"
                        + " opens it",
                "rebind.poco.test resolves to 127.0.0.1, a loopback address; only an allowlist entry naming it exactly"
                        + " opens it");
        assertThat(events).extracting(NetworkEvent::seq).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void anAllowlistRefusesOtherHostsAndWildcardsDoNotOpenPrivateAddresses() throws Exception {
        openTcp(new NetworkPolicy.Allowlist(List.of("*.poco.test", "app.poco.test:" + port)));
        try (Socket socket = connect()) {
            assertThat(exchange(socket, "GET http://app.poco.test:" + port + "/ HTTP/1.1\r\nHost: app.poco.test\r\n"
                    + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        }
        try (Socket socket = connect()) {
            assertThat(exchange(socket, "GET http://rebind.poco.test:" + port + "/ HTTP/1.1\r\nHost: rebind.poco.test\r\n"
                    + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 403");
        }
        try (Socket socket = connect()) {
            assertThat(exchange(socket, "CONNECT pypi.org:443 HTTP/1.1\r\nHost: pypi.org:443\r\n\r\n"))
                    .startsWith("HTTP/1.1 403").contains("pypi.org:443 is not in the run's allowlist");
        }
        await().until(() -> events.size() == 3);
        assertThat(events).extracting(NetworkEvent::allowed).containsExactly(true, false, false);
    }

    @Test
    void policyNoneRefusesEvenWithAGate() throws Exception {
        openTcp(NetworkPolicy.NONE);
        try (Socket socket = connect()) {
            assertThat(exchange(socket, "GET http://127.0.0.1:" + port + "/ HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 403").contains("policy none");
        }
    }

    @Test
    void theConnectionLimitRefusesConnectionsPastIt() throws Exception {
        openTcp(new NetworkPolicy.Allowlist(List.of("127.0.0.1:" + port)), new EgressLimits(1, 1 << 20));
        String request = "GET http://127.0.0.1:" + port + "/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        try (Socket socket = connect()) {
            assertThat(exchange(socket, request)).startsWith("HTTP/1.1 200");
        }
        try (Socket socket = connect()) {
            assertThat(exchange(socket, request)).startsWith("HTTP/1.1 403")
                    .contains("the run reached its network limit of 1 connections");
        }
    }

    @Test
    void aTunnelPastTheByteLimitIsClosed() throws Exception {
        openTcp(new NetworkPolicy.Allowlist(List.of("127.0.0.1:" + port)), new EgressLimits(10, 1000));
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
            String post = "y".repeat(4000);
            String response = exchange(socket, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4000\r\n\r\n" + post);
            assertThat(response).doesNotEndWith(post);
        }
        await().until(() -> events.size() == 1);
        assertThat(events.getFirst().reason()).contains("network limit of 1000 bytes");
    }

    @Test
    void onTcpTheSandboxVariablesNameTheGateAndKeepTheGatewayHostOffTheProxy() {
        openTcp(new NetworkPolicy.Open());
        int gatePort = ((GatewayEndpoint.Tcp) gate.endpoint()).port();
        assertThat(gate.sandboxEnvironment()).containsEntry("HTTPS_PROXY", "http://127.0.0.1:" + gatePort)
                .containsEntry("http_proxy", "http://127.0.0.1:" + gatePort)
                .containsEntry("NO_PROXY", "llm.invalid,127.0.0.1").containsEntry("no_proxy", "llm.invalid,127.0.0.1");
        assertThat(gate.sandboxCommand("/usr/bin/node", List.of("claude", "-p"))).containsExactly("claude", "-p");
    }

    @Test
    void onAUnixSocketTheGateServesTheRelayAndTheSandboxVariables() throws Exception {
        gate = EgressGate.open(new GatewayEndpoint.Unix(tmp.resolve("gw")), "t2",
                EgressRules.of(new NetworkPolicy.Allowlist(List.of("127.0.0.1:" + port)), DNS), EgressLimits.DEFAULTS,
                events::add, () -> null);
        Path socket = ((GatewayEndpoint.Unix) gate.endpoint()).path();
        assertThat(socket.getFileName().toString()).isEqualTo(EgressGate.SOCKET_NAME);
        assertThat(Files.readString(gate.runDirectory().resolve(EgressGate.RELAY_NAME))).contains("net.createServer");
        assertThat(gate.sandboxEnvironment()).containsEntry("HTTPS_PROXY", "http://127.0.0.1:3128")
                .containsEntry("http_proxy", "http://127.0.0.1:3128").containsEntry("NO_PROXY", "llm.invalid");
        assertThat(gate.sandboxCommand("/usr/bin/node", List.of("claude", "-p"))).containsExactly("/usr/bin/node",
                "/run/egress/relay.js", "3128", "/run/egress/egress.sock", "--", "claude", "-p");
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            out.write(("GET http://127.0.0.1:" + port + "/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("hello from the origin\n");
        }
        Path directory = gate.runDirectory();
        gate.close();
        assertThat(directory).doesNotExist();
    }

    private static String exchange(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            socket.getInputStream().transferTo(all);
        } catch (IOException e) {
            // a reset after a refusal or a closed tunnel: what arrived is the answer
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    /** The response head of a CONNECT, read byte by byte so nothing of the tunnel is consumed. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
