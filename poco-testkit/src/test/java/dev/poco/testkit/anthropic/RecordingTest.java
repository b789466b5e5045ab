package dev.poco.testkit.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordingTest {

    private final FakeAnthropicServer server = new FakeAnthropicServer().start();
    private final FakeHttp http = new FakeHttp(server);

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void recordsEveryRequestInOrderWithMethodPathQueryHeadersAndBody() throws Exception {
        http.method("HEAD", "/");
        http.messages(true, "first");
        http.post("/v1/messages/count_tokens", "{}");
        http.method("GET", "/nope?x=1");

        List<RecordedRequest> requests = server.requests();

        assertThat(requests).extracting(RecordedRequest::method).containsExactly("HEAD", "POST", "POST", "GET");
        assertThat(requests).extracting(RecordedRequest::path)
                .containsExactly("/", "/v1/messages", "/v1/messages/count_tokens", "/nope");
        assertThat(requests).extracting(RecordedRequest::sequence).containsExactly(0, 1, 2, 3);
        RecordedRequest messages = requests.get(1);
        assertThat(messages.query()).hasValue("beta=true");
        assertThat(messages.header("X-API-KEY")).hasValue("test");
        assertThat(messages.header("Anthropic-Version")).hasValue("2023-06-01");
        assertThat(messages.headers()).containsKey("content-type");
        assertThat(messages.header("x-missing")).isEmpty();
        assertThat(messages.json().path("max_tokens").asInt()).isEqualTo(1000);
        assertThat(messages.body()).contains("\"first\"");
        assertThat(messages.isStreaming()).isTrue();
        assertThat(messages.model()).hasValue("claude-test-1");
        assertThat(messages.toolNames()).containsExactly("Bash", "Read");
        assertThat(requests.get(3).query()).hasValue("x=1");
        assertThat(requests.getFirst().json().isMissingNode()).isTrue();
        assertThat(server.messageRequests()).containsExactly(messages);
    }

    @Test
    void recordsARequestBeforeItsDelayedReplyIsSent() {
        server.enqueue(Reply.text("late").delayFirstByte(Duration.ofSeconds(2)));
        CompletableFuture<?> call = CompletableFuture.runAsync(() -> {
            try {
                http.messages(true, "slow one");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        List<RecordedRequest> seen = server.awaitMessageRequests(1, Duration.ofSeconds(5));

        assertThat(seen.getFirst().lastUserText()).isEqualTo("slow one");
        assertThat(call).isNotDone();
        call.join();
    }

    @Test
    void awaitRequestsFailsWithWhatArrivedWhenTooFewCome() throws Exception {
        http.method("HEAD", "/");

        assertThat(server.awaitRequests(1, Duration.ofMillis(10))).hasSize(1);
        assertThatThrownBy(() -> server.awaitMessageRequests(1, Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected 1 message requests")
                .hasMessageContaining("HEAD /");
    }
}
