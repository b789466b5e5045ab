package dev.poco.runner.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads token usage from one Messages API answer as its bytes pass by: SSE {@code message_start} (input and cache
 * tokens) and {@code message_delta} (output tokens; newer API versions repeat the others, cumulatively), or the
 * {@code usage} object of a JSON answer. Later values of a field replace earlier ones, because the API reports
 * running totals. Not thread-safe; one per response.
 */
final class UsageMeter {

    private static final Logger log = LoggerFactory.getLogger(UsageMeter.class);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final int MAX_SSE_LINE = 1 << 20;
    private static final int MAX_JSON_BODY = 8 << 20;

    private final boolean sse;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean overflow;
    private long input;
    private long output;
    private long cacheCreation;
    private long cacheRead;
    private String model = UNKNOWN_MODEL;

    /** The model name of an answer that named none (an error, an unparseable body). */
    static final String UNKNOWN_MODEL = "unknown";

    private UsageMeter(boolean sse) {
        this.sse = sse;
    }

    static UsageMeter forContentType(String contentType) {
        return new UsageMeter(contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream"));
    }

    void accept(byte[] bytes, int offset, int length) {
        if (!sse) {
            if (buffer.size() + length > MAX_JSON_BODY) {
                overflow = true;
            } else {
                buffer.write(bytes, offset, length);
            }
            return;
        }
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (!overflow) {
                    sseLine(buffer.toString(StandardCharsets.UTF_8));
                }
                buffer.reset();
                overflow = false;
            } else if (buffer.size() < MAX_SSE_LINE) {
                buffer.write(b);
            } else {
                overflow = true; // a huge line is a content delta, never a usage event
            }
        }
    }

    /** Usage of this answer, counted as one request. */
    TokenUsage finish() {
        if (sse && buffer.size() > 0 && !overflow) {
            sseLine(buffer.toString(StandardCharsets.UTF_8));
        } else if (!sse && !overflow && buffer.size() > 0) {
            parse(buffer.toString(StandardCharsets.UTF_8)).ifPresent(node -> {
                model(node.path("model"));
                apply(node.path("usage"));
            });
        }
        return new TokenUsage(input, output, cacheCreation, cacheRead, 1);
    }

    private void sseLine(String line) {
        if (!line.startsWith("data:") || !(line.contains("message_start") || line.contains("message_delta"))) {
            return;
        }
        parse(line.substring(5).strip()).ifPresent(event -> {
            switch (event.path("type").asString("")) {
                case "message_start" -> {
                    model(event.path("message").path("model"));
                    apply(event.path("message").path("usage"));
                }
                case "message_delta" -> apply(event.path("usage"));
                default -> { } // the words matched inside text, not the event type
            }
        });
    }

    /** The model that answered, as the upstream named it; valid after {@link #finish()}. */
    String model() {
        return model;
    }

    private void model(JsonNode name) {
        if (name.isString() && !name.asString().isBlank()) {
            model = name.asString().length() > 200 ? name.asString().substring(0, 200) : name.asString();
        }
    }

    private void apply(JsonNode usage) {
        input = field(usage, "input_tokens", input);
        output = field(usage, "output_tokens", output);
        cacheCreation = field(usage, "cache_creation_input_tokens", cacheCreation);
        cacheRead = field(usage, "cache_read_input_tokens", cacheRead);
    }

    private static long field(JsonNode usage, String name, long previous) {
        JsonNode value = usage.path(name);
        return value.isNumber() ? value.asLong() : previous;
    }

    private static java.util.Optional<JsonNode> parse(String json) {
        try {
            return java.util.Optional.of(JSON.readTree(json));
        } catch (JacksonException e) {
            log.debug("Unparseable usage payload skipped: {}", e.getOriginalMessage());
            return java.util.Optional.empty();
        }
    }
}
