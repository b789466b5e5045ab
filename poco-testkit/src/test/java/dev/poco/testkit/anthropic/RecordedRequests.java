package dev.poco.testkit.anthropic;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds {@link RecordedRequest}s for unit tests without a socket. */
final class RecordedRequests {

    private RecordedRequests() {}

    static RecordedRequest messages(String json) {
        return new RecordedRequest(0, Instant.now(), "POST", "/v1/messages", "beta=true",
                Map.of("Content-Type", List.of("application/json"), "X-Api-Key", List.of("test")), json,
                Json.MAPPER.readTree(json));
    }
}
