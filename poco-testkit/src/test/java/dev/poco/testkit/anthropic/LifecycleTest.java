package dev.poco.testkit.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void listensOnTheGivenPortOfTheLoopbackAddress() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }

        try (FakeAnthropicServer server = new FakeAnthropicServer(port).start()) {
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(new FakeHttp(server).method("HEAD", "/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void picksAnEphemeralPortByDefault() {
        try (FakeAnthropicServer a = new FakeAnthropicServer().start();
                FakeAnthropicServer b = new FakeAnthropicServer().start()) {
            assertThat(a.port()).isPositive().isNotEqualTo(b.port());
            assertThat(a.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
        }
    }

    @Test
    void startsOnceAndClosesIdempotently() {
        FakeAnthropicServer server = new FakeAnthropicServer();
        assertThatThrownBy(server::baseUrl).isInstanceOf(IllegalStateException.class);
        server.start();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);

        server.close();
        server.close();

        assertThat(server.isClosed()).isTrue();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failsClearlyWhenThePortIsTaken() {
        try (FakeAnthropicServer first = new FakeAnthropicServer().start();
                FakeAnthropicServer second = new FakeAnthropicServer(first.port())) {
            assertThatThrownBy(second::start).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(String.valueOf(first.port()));
        }
    }
}
