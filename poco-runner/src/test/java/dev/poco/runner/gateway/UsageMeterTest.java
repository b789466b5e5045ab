package dev.poco.runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UsageMeterTest {

    @Test
    void readsUsageFromEventsSplitAtEveryByte() {
        String stream = String.join("", FakeUpstream.textEvents("m", "one two message_start three", 40, 9))
                .replace("\n", "\r\n");
        UsageMeter meter = UsageMeter.forContentType("text/event-stream; charset=utf-8");

        for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
            meter.accept(new byte[] {b}, 0, 1);
        }

        assertThat(meter.finish()).isEqualTo(new TokenUsage(40, 9, 5, 3, 1));
    }

    @Test
    void laterCumulativeValuesReplaceEarlierOnes() {
        String stream = FakeUpstream.event("message_start",
                "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}")
                + FakeUpstream.event("message_delta", "{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":5}}")
                + FakeUpstream.event("message_delta",
                        "{\"type\":\"message_delta\",\"usage\":{\"input_tokens\":12,\"output_tokens\":8}}");
        UsageMeter meter = UsageMeter.forContentType("text/event-stream");
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);

        meter.accept(bytes, 0, bytes.length);

        assertThat(meter.finish()).isEqualTo(new TokenUsage(12, 8, 0, 0, 1));
    }

    @Test
    void readsUsageOfJsonAnswer() {
        byte[] json = "{\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}".getBytes(StandardCharsets.UTF_8);
        UsageMeter meter = UsageMeter.forContentType("application/json");

        meter.accept(json, 0, 5);
        meter.accept(json, 5, json.length - 5);

        assertThat(meter.finish()).isEqualTo(new TokenUsage(3, 4, 0, 0, 1));
    }
}
