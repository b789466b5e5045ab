package dev.poco.runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelGatewayTest {

    private static final String REAL_KEY = "sk-ant-real-0123456789abcdef";
    private static final Map<String, String> CLIENT_HEADERS = Map.of("x-api-key", "sandbox-placeholder",
            "Authorization", "Bearer sandbox-placeholder", "anthropic-version", "2023-06-01",
            "Content-Type", "application/json", "Connection", "keep-alive, x-hop", "X-Hop", "drop me");
    private static final String BODY = "{\"model\":\"claude-test\",\"stream\":true,\"messages\":[]}";

    @TempDir
    Path sockets;
    private FakeUpstream upstream;
    private ModelGateway gateway;

    @BeforeEach
    void start() throws IOException {
        upstream = new FakeUpstream();
        gateway = ModelGateway.open(sockets, "run-1",
                GatewayConfig.of(upstream.baseUrl(), new UpstreamCredential.ApiKey(REAL_KEY)));
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void forwardsMessagesWithTheRealKeyInsteadOfTheClientCredentials() throws IOException {
        try (UdsHttpClient client = new UdsHttpClient(gateway.socketPath())) {
            UdsHttpClient.Response response = client.send("POST", "/v1/messages?beta=true", CLIENT_HEADERS, BODY);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("content-type")).isEqualTo("text/event-stream");
            assertThat(response.bodyText()).contains("event: message_stop");
        }
        FakeUpstream.Recorded seen = upstream.requests.getFirst();
        assertThat(seen.path()).isEqualTo("/v1/messages");
        assertThat(seen.query()).isEqualTo("beta=true");
        assertThat(seen.header("x-api-key")).isEqualTo(REAL_KEY);
        assertThat(seen.hasHeader("authorization")).isFalse();
        assertThat(seen.hasHeader("x-hop")).as("header named in Connection is hop-by-hop").isFalse();
        assertThat(seen.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(seen.body()).isEqualTo(BODY);
    }

    @Test
    void countsTokensLocallyOnlyWhileToldToThenForwardsThemAgain() throws IOException {
        String countBody = "{\"model\":\"claude-test\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(400) + "\"}]}";
        try (UdsHttpClient client = new UdsHttpClient(gateway.socketPath())) {
            gateway.countTokensLocally(true);
            UdsHttpClient.Response local = client.send("POST", "/v1/messages/count_tokens?beta=true", CLIENT_HEADERS,
                    countBody);
            assertThat(local.status()).isEqualTo(200);
            assertThat(local.bodyText()).isEqualTo("{\"input_tokens\":" + countBody.length() / 4 + "}");
            assertThat(upstream.requests).as("answered at the gateway").isEmpty();
            assertThat(gateway.usage().requests()).as("nothing metered").isZero();

            gateway.countTokensLocally(false);
            UdsHttpClient.Response forwarded = client.send("POST", "/v1/messages/count_tokens", CLIENT_HEADERS,
                    countBody);
            assertThat(forwarded.bodyText()).as("the upstream's own count").isEqualTo("{\"input_tokens\":42}");
        }
        assertThat(upstream.requests).extracting(FakeUpstream.Recorded::path)
                .containsExactly("/v1/messages/count_tokens");
    }

    @Test
    void authTokenCredentialGoesAsBearerAuthorization() throws IOException {
        gateway.close();
        gateway = ModelGateway.open(sockets, "run-2",
                GatewayConfig.of(upstream.baseUrl(), new UpstreamCredential.AuthToken(REAL_KEY)));
        try (UdsHttpClient client = new UdsHttpClient(gateway.socketPath())) {
            assertThat(client.send("POST", "/v1/messages", CLIENT_HEADERS, BODY).status()).isEqualTo(200);
        }
        FakeUpstream.Recorded seen = upstream.requests.getFirst();
        assertThat(seen.header("authorization")).isEqualTo("Bearer " + REAL_KEY);
        assertThat(seen.hasHeader("x-api-key")).isFalse();
    }

    @Test
    void streamsEventsAsTheyArriveFromASlowUpstream() throws Exception {
        CountDownLatch firstEventSeenByClient = new CountDownLatch(1);
        List<String> events = FakeUpstream.textEvents("claude-test", "slow reply", 11, 4);
        upstream.respondWith((exchange, request) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0); // chunked
            OutputStream out = exchange.getResponseBody();
            out.write(events.getFirst().getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                // The rest is only sent once the client has the first event: a buffering gateway never gets here.
                firstEventSeenByClient.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (String event : events.subList(1, events.size())) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        });

        try (UdsHttpClient client = new UdsHttpClient(gateway.socketPath())) {
            UdsHttpClient.Response response = client.send("POST", "/v1/messages", CLIENT_HEADERS, BODY);
            BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            assertThat(reader.readLine()).isEqualTo("event: message_start");
            assertThat(reader.readLine()).startsWith("data: {\"type\":\"message_start\"");
            assertThat(firstEventSeenByClient.getCount()).as("upstream still holding the rest").isEqualTo(1);
            firstEventSeenByClient.countDown();

            String rest = reader.lines().reduce("", (a, b) -> a + b + "\n");
            assertThat(rest).contains("event: message_stop");
        }
        assertThat(gateway.usage()).isEqualTo(new TokenUsage(11, 4, 5, 3, 1));
    }

    @Test
    void servesSeveralRequestsOverOneKeepAliveConnection() throws IOException {
        try (UdsHttpClient client = new UdsHttpClient(gateway.socketPath())) {
            UdsHttpClient.Response first = client.send("POST", "/v1/messages", CLIENT_HEADERS, BODY);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.bodyText()).contains("message_stop");

            UdsHttpClient.Response second = client.sendChunked("/v1/messages/count_tokens", CLIENT_HEADERS,
                    "{\"model\":", "\"claude-test\",\"messages\":[]}");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.bodyText()).isEqualTo("{\"input_tokens\":42}");

            UdsHttpClient.Response third = client.send("HEAD", "/", Map.of(), "");
            assertThat(third.status()).isEqualTo(200);
        }
        assertThat(upstream.requests).extracting(FakeUpstream.Recorded::method, FakeUpstream.Recorded::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/v1/messages"),
                        org.assertj.core.groups.Tuple.tuple("POST", "/v1/messages/count_tokens"),
                        org.assertj.core.groups.Tuple.tuple("HEAD", "/"));
        assertThat(upstream.requests.get(1).body()).isEqualTo("{\"model\":\"claude-test\",\"messages\":[]}");
    }

    @Test
    void refusesEverythingButTheMessagesApiWithAnthropicShapedError() throws IOException {
        try (UdsHttpClient client = new UdsHttpClient(gateway.socketPath())) {
            for (String[] request : List.of(new String[] {"POST", "/v1/complete"}, new String[] {"GET", "/v1/models"},
                    new String[] {"GET", "/v1/messages"}, new String[] {"POST", "/v1/messages/../files"},
                    new String[] {"POST", "/v1/messages/batches"})) {
                UdsHttpClient.Response response = client.send(request[0], request[1], CLIENT_HEADERS, BODY);

                assertThat(response.status()).as(String.join(" ", request)).isEqualTo(403);
                assertThat(response.bodyText()).startsWith(
                        "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":\"");
            }
        }
        assertThat(upstream.requests).isEmpty();
    }

    @Test
    void unreachableUpstreamGives502WithAMessageForTheUser() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        gateway.close();
        gateway = ModelGateway.open(sockets, "run-3",
                GatewayConfig.of(URI.create("http://127.0.0.1:" + closedPort), new UpstreamCredential.ApiKey(REAL_KEY))
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        try (UdsHttpClient client = new UdsHttpClient(gateway.socketPath())) {
            UdsHttpClient.Response response = client.send("POST", "/v1/messages", CLIENT_HEADERS, BODY);

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.bodyText()).startsWith("{\"type\":\"error\",\"error\":{\"type\":\"api_error\"")
                    .contains("model endpoint is unreachable").doesNotContain(REAL_KEY);
        }
    }

    @Test
    void sumsTokensOverStreamedAndJsonAnswers() throws IOException {
        try (UdsHttpClient client = new UdsHttpClient(gateway.socketPath())) {
            client.send("POST", "/v1/messages", CLIENT_HEADERS, BODY).bodyText();
            client.send("POST", "/v1/messages", CLIENT_HEADERS, BODY).bodyText();
            upstream.respondWith((exchange, request) -> FakeUpstream.json(exchange, 200, """
                    {"id":"msg_2","type":"message","content":[],"usage":{"input_tokens":100,"output_tokens":20,\
                    "cache_creation_input_tokens":0,"cache_read_input_tokens":50}}"""));
            client.send("POST", "/v1/messages", CLIENT_HEADERS, "{}").bodyText();
            client.send("POST", "/v1/messages/count_tokens", CLIENT_HEADERS, "{}").bodyText();
        }

        assertThat(gateway.usage()).isEqualTo(new TokenUsage(25 + 25 + 100, 7 + 7 + 20, 5 + 5, 3 + 3 + 50, 3));
    }

    @Test
    void socketIsReachableByAnyUidButRunDirectoriesCannotBeListed() throws IOException {
        assertThat(gateway.socketPath()).isEqualTo(gateway.runDirectory().resolve("api.sock"));
        assertThat(gateway.runDirectory().getParent()).isEqualTo(sockets);
        assertThat(Files.getPosixFilePermissions(sockets)).isEqualTo(PosixFilePermissions.fromString("rwx--x--x"));
        assertThat(Files.getPosixFilePermissions(gateway.runDirectory()))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.getPosixFilePermissions(gateway.socketPath()))
                .isEqualTo(PosixFilePermissions.fromString("rw-rw-rw-"));

        gateway.close();

        assertThat(gateway.runDirectory()).doesNotExist();
    }

    @Test
    void onTcpEveryRequestMustCarryTheRunsSandboxKey() throws Exception {
        gateway.close();
        gateway = ModelGateway.open(new GatewayEndpoint.Tcp("127.0.0.1", 0), "run-tcp",
                GatewayConfig.of(upstream.baseUrl(), new UpstreamCredential.ApiKey(REAL_KEY)));
        GatewayEndpoint.Tcp endpoint = (GatewayEndpoint.Tcp) gateway.endpoint();
        assertThat(endpoint.port()).isPositive();
        Map<String, String> env = gateway.sandboxEnvironment();
        assertThat(env).containsEntry("ANTHROPIC_BASE_URL", "http://127.0.0.1:" + endpoint.port())
                .doesNotContainKey("ANTHROPIC_UNIX_SOCKET");
        String sandboxKey = env.get("ANTHROPIC_API_KEY");
        assertThat(sandboxKey).startsWith("poco-gw-").isNotEqualTo(REAL_KEY);

        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> refused = client.send(messages(endpoint, "sandbox-placeholder"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).startsWith("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\"");
            assertThat(upstream.requests).isEmpty();

            HttpResponse<String> answered = client.send(messages(endpoint, sandboxKey),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.body()).contains("event: message_stop");
        }
        assertThat(upstream.requests).singleElement()
                .satisfies(seen -> assertThat(seen.header("x-api-key")).isEqualTo(REAL_KEY));
        assertThat(gateway.usageByModel()).containsOnlyKeys("claude-test");
        assertThat(gateway.meteredUsage().inputTokens()).isEqualTo(25);
        assertThat(gateway.meteredUsage().models().get("claude-test").outputTokens()).isEqualTo(7);
    }

    private static HttpRequest messages(GatewayEndpoint.Tcp endpoint, String key) {
        return HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + "/v1/messages"))
                .header("x-api-key", key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
    }

    @Test
    void aMalformedRequestGetsAnAnthropicShaped400() throws IOException {
        try (UdsHttpClient client = new UdsHttpClient(gateway.socketPath())) {
            UdsHttpClient.Response response = client.sendRaw("POST /v1/messages HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: nope\r\n\r\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("content-type")).startsWith("application/json");
            assertThat(response.bodyText()).startsWith(
                    "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Malformed");
        }
        assertThat(upstream.requests).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413BeforeItIsRead() throws IOException {
        try (UdsHttpClient client = new UdsHttpClient(gateway.socketPath())) {
            UdsHttpClient.Response response = client.sendRaw("POST /v1/messages HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: " + (GatewayHandler.MAX_REQUEST_BODY + 1) + "\r\n\r\n");

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.bodyText()).contains("\"type\":\"request_too_large\"");
        }
        assertThat(upstream.requests).isEmpty();
    }

    @Test
    void configAndCredentialNeverShowTheSecret() {
        GatewayConfig config = GatewayConfig.of(upstream.baseUrl(), new UpstreamCredential.ApiKey(REAL_KEY));

        assertThat(config.toString()).doesNotContain(REAL_KEY).contains("sk-a****");
        assertThat(new UpstreamCredential.AuthToken(REAL_KEY).toString()).doesNotContain(REAL_KEY);
    }
}
