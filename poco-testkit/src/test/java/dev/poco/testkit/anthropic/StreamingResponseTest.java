package dev.poco.testkit.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StreamingResponseTest {

    private final FakeAnthropicServer server = new FakeAnthropicServer().start();
    private final FakeHttp http = new FakeHttp(server);

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void streamsTextInTheExactEventSequenceWithOneDeltaPerWord() throws Exception {
        server.enqueue(Reply.text("Hello there, world!"));

        HttpResponse<String> response = http.messages(true, "hi");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("request-id")).hasValueSatisfying(
                id -> assertThat(id).startsWith("req_"));
        List<Sse.Event> events = Sse.parse(response.body());
        assertThat(Sse.names(events)).containsExactly("message_start", "content_block_start", "ping",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        events.forEach(event -> assertThat(event.type()).isEqualTo(event.name()));

        JsonNode message = events.getFirst().data().path("message");
        assertThat(message.path("id").asString()).startsWith("msg_");
        assertThat(message.path("type").asString()).isEqualTo("message");
        assertThat(message.path("role").asString()).isEqualTo("assistant");
        assertThat(message.path("model").asString()).isEqualTo("claude-test-1");
        assertThat(message.path("content").isArray()).isTrue();
        assertThat(message.path("content").size()).isZero();
        assertThat(message.path("stop_reason").isNull()).isTrue();

        assertThat(events.get(1).data().path("index").asInt()).isZero();
        assertThat(events.get(1).data().path("content_block").path("type").asString()).isEqualTo("text");
        assertThat(events.get(1).data().path("content_block").path("text").asString()).isEmpty();
        List<String> words = events.subList(3, 6).stream()
                .map(e -> e.data().path("delta"))
                .peek(delta -> assertThat(delta.path("type").asString()).isEqualTo("text_delta"))
                .map(delta -> delta.path("text").asString())
                .toList();
        assertThat(words).containsExactly("Hello ", "there, ", "world!");

        JsonNode delta = events.get(7).data();
        assertThat(delta.path("delta").path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(delta.path("delta").has("stop_sequence")).isTrue();
        assertThat(delta.path("usage").path("output_tokens").asInt()).isEqualTo(Usage.DEFAULT.outputTokens());
    }

    @Test
    void streamsToolUseInputAsAtLeastTwoJsonDeltasThatJoinToTheInput() throws Exception {
        server.enqueue(Reply.toolUse("Bash", Map.of("command", "echo hello > out.txt", "description", "write file")));

        List<Sse.Event> events = Sse.parse(http.messages(true, "hi").body());

        assertThat(Sse.names(events)).startsWith("message_start", "content_block_start", "ping", "content_block_delta",
                "content_block_delta").endsWith("content_block_stop", "message_delta", "message_stop");
        JsonNode block = events.get(1).data().path("content_block");
        assertThat(block.path("type").asString()).isEqualTo("tool_use");
        assertThat(block.path("id").asString()).matches("toolu_01[0-9A-Za-z]{22}");
        assertThat(block.path("name").asString()).isEqualTo("Bash");
        assertThat(block.path("input").isObject()).isTrue();
        assertThat(block.path("input").size()).isZero();
        List<JsonNode> deltas = events.stream().filter(e -> e.name().equals("content_block_delta"))
                .map(e -> e.data().path("delta")).toList();
        assertThat(deltas).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(d -> assertThat(d.path("type").asString()).isEqualTo("input_json_delta"));
        String json = String.join("", deltas.stream().map(d -> d.path("partial_json").asString()).toList());
        assertThat(Json.MAPPER.readTree(json)).isEqualTo(Json.MAPPER.readTree(
                "{\"command\":\"echo hello > out.txt\",\"description\":\"write file\"}"));
        assertThat(events.get(events.size() - 2).data().path("delta").path("stop_reason").asString())
                .isEqualTo("tool_use");
    }

    @Test
    void streamsSeveralBlocksWithIncreasingIndexesAndAFreshToolIdEachTime() throws Exception {
        MessageReply reply = Reply.text("Let me look.").andToolUse("Read", Map.of("file_path", "/a"))
                .andToolUse("Bash", FakeHttp.bash("ls")).withThinking("Hmm, two tools.");
        server.defaultReply(reply);

        List<Sse.Event> first = Sse.parse(http.messages(true, "hi").body());
        List<Sse.Event> second = Sse.parse(http.messages(true, "hi").body());

        List<JsonNode> starts = first.stream().filter(e -> e.name().equals("content_block_start"))
                .map(Sse.Event::data).toList();
        assertThat(starts).extracting(s -> s.path("index").asInt()).containsExactly(0, 1, 2, 3);
        assertThat(starts).extracting(s -> s.path("content_block").path("type").asString())
                .containsExactly("thinking", "text", "tool_use", "tool_use");
        assertThat(Sse.names(first).stream().filter("ping"::equals)).hasSize(1);
        assertThat(first).filteredOn(e -> e.name().equals("content_block_delta"))
                .extracting(e -> e.data().path("delta").path("type").asString())
                .contains("thinking_delta", "signature_delta", "text_delta", "input_json_delta");
        assertThat(toolIds(first)).hasSize(2).doesNotHaveDuplicates().doesNotContainAnyElementsOf(toolIds(second));
    }

    @Test
    void usesAScriptedToolIdAndReportsScriptedUsageInStartAndDelta() throws Exception {
        server.enqueue(Reply.toolUse("toolu_fixed", "Bash", FakeHttp.bash("ls")).withUsage(new Usage(11, 22, 33, 44)));

        List<Sse.Event> events = Sse.parse(http.messages(true, "hi").body());

        assertThat(events.get(1).data().path("content_block").path("id").asString()).isEqualTo("toolu_fixed");
        JsonNode startUsage = events.getFirst().data().path("message").path("usage");
        assertThat(startUsage.path("input_tokens").asInt()).isEqualTo(11);
        assertThat(startUsage.path("cache_creation_input_tokens").asInt()).isEqualTo(33);
        assertThat(startUsage.path("cache_read_input_tokens").asInt()).isEqualTo(44);
        JsonNode finalUsage = events.get(events.size() - 2).data().path("usage");
        assertThat(finalUsage.path("output_tokens").asInt()).isEqualTo(22);
        assertThat(finalUsage.path("input_tokens").asInt()).isEqualTo(11);
    }

    @Test
    void honoursAScriptedStopReasonAndExtraHeaders() throws Exception {
        server.enqueue(Reply.text("cut").withStopReason("max_tokens").withHeader("x-fake", "yes"));

        HttpResponse<String> response = http.messages(true, "hi");

        assertThat(response.headers().firstValue("x-fake")).hasValue("yes");
        List<Sse.Event> events = Sse.parse(response.body());
        assertThat(events.get(events.size() - 2).data().path("delta").path("stop_reason").asString())
                .isEqualTo("max_tokens");
    }

    @Test
    void anEmptyMessageStillHasStartPingDeltaAndStop() throws Exception {
        server.enqueue(Reply.message());

        assertThat(Sse.names(Sse.parse(http.messages(true, "hi").body())))
                .containsExactly("message_start", "ping", "message_delta", "message_stop");
    }

    private static List<String> toolIds(List<Sse.Event> events) {
        return events.stream().filter(e -> e.name().equals("content_block_start"))
                .map(e -> e.data().path("content_block"))
                .filter(b -> b.path("type").asString().equals("tool_use"))
                .map(b -> b.path("id").asString())
                .toList();
    }
}
