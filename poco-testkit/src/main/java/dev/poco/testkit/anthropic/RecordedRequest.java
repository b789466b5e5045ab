package dev.poco.testkit.anthropic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * One HTTP request the fake received, in full, with helpers that read the Messages API body.
 * Immutable and safe to share between threads.
 *
 * <p>The body helpers never throw on an unexpected shape: a missing field reads as absent, empty
 * or zero.
 */
public final class RecordedRequest {

    private static final Pattern SYSTEM_REMINDER =
            Pattern.compile("<system-reminder>.*?</system-reminder>", Pattern.DOTALL);

    private final int sequence;
    private final Instant receivedAt;
    private final String method;
    private final String path;
    private final @Nullable String query;
    private final Map<String, List<String>> headers;
    private final String body;
    private final JsonNode json;
    private volatile @Nullable Instant firstTextDeltaSentAt;

    RecordedRequest(int sequence, Instant receivedAt, String method, String path, @Nullable String query,
            Map<String, List<String>> headers, String body, @Nullable JsonNode json) {
        this.sequence = sequence;
        this.receivedAt = receivedAt;
        this.method = method;
        this.path = path;
        this.query = query;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), RecordedRequest::concat));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body;
        this.json = json == null ? MissingNode.getInstance() : json.deepCopy();
    }

    /** Position of this request among all requests the server received, starting at 0. */
    public int sequence() {
        return sequence;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /**
     * When the streamed answer's first {@code text_delta} event was flushed to the client (for latency benchmarks),
     * if it was.
     */
    public Optional<Instant> firstTextDeltaSentAt() {
        return Optional.ofNullable(firstTextDeltaSentAt);
    }

    void textDeltaSent(Instant at) {
        if (firstTextDeltaSentAt == null) {
            firstTextDeltaSentAt = at;
        }
    }

    /** The HTTP method, upper case. */
    public String method() {
        return method;
    }

    /** The path without the query, e.g. {@code /v1/messages}. */
    public String path() {
        return path;
    }

    /** The raw query, e.g. {@code beta=true}, or empty. */
    public Optional<String> query() {
        return Optional.ofNullable(query);
    }

    /** All headers; the map's keys compare case-insensitively. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of header {@code name}, looked up case-insensitively. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The raw body as UTF-8 text; empty for requests without one. */
    public String body() {
        return body;
    }

    /** The parsed JSON body; a {@link MissingNode} when the body is empty or not JSON. */
    public JsonNode json() {
        return json.deepCopy();
    }

    /** Whether this is {@code POST /v1/messages} (any query). */
    public boolean isMessages() {
        return "POST".equals(method) && "/v1/messages".equals(path);
    }

    /** Whether the body asks for {@code "stream": true}. */
    public boolean isStreaming() {
        return json.path("stream").asBoolean(false);
    }

    public Optional<String> model() {
        return json.path("model").stringValueOpt();
    }

    /** The {@code messages} array, in order (copies); empty if there is none. */
    public List<JsonNode> messages() {
        return json.path("messages").values().stream().map(JsonNode::deepCopy).toList();
    }

    public int messageCount() {
        return json.path("messages").size();
    }

    /** The last message whose role is {@code user}; the CLI may also send {@code system} messages. */
    public Optional<JsonNode> lastUserMessage() {
        List<JsonNode> messages = messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asString(""))) {
                return Optional.of(messages.get(i));
            }
        }
        return Optional.empty();
    }

    /** The text blocks of the last user message joined by newlines; empty if it has none. */
    public String lastUserText() {
        return lastUserMessage().map(m -> textOf(m.path("content"))).orElse("");
    }

    /**
     * {@link #lastUserText()} without the CLI's {@code <system-reminder>…</system-reminder>}
     * sections, trimmed: what the user typed.
     */
    public String lastUserPrompt() {
        return SYSTEM_REMINDER.matcher(lastUserText()).replaceAll("").trim();
    }

    /** Whether the last user message holds a {@code tool_result} block. */
    public boolean hasToolResult() {
        return !toolResultBlocks(lastUserMessage().map(m -> m.path("content")).orElse(MissingNode.getInstance()))
                .isEmpty();
    }

    /**
     * The text of the {@code tool_result} for {@code toolUseId}, searched in all messages (latest
     * wins); a result whose content is a block list yields its text blocks joined by newlines.
     */
    public Optional<String> toolResultContent(String toolUseId) {
        String found = null;
        for (JsonNode message : messages()) {
            for (JsonNode block : toolResultBlocks(message.path("content"))) {
                if (toolUseId.equals(block.path("tool_use_id").asString(""))) {
                    found = textOf(block.path("content"));
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** The {@code tool_use_id}s of the tool results in the last user message, in order. */
    public List<String> toolResultIds() {
        JsonNode content = lastUserMessage().map(m -> m.path("content")).orElse(MissingNode.getInstance());
        return toolResultBlocks(content).stream().map(b -> b.path("tool_use_id").asString("")).toList();
    }

    /** The names of the tools offered in {@code tools}, in order. */
    public List<String> toolNames() {
        List<String> names = new ArrayList<>();
        for (JsonNode tool : json.path("tools").values()) {
            tool.path("name").stringValueOpt().ifPresent(names::add);
        }
        return names;
    }

    /** The system prompt: a plain string, or its text blocks joined by newlines. */
    public String systemText() {
        return textOf(json.path("system"));
    }

    @Override
    public String toString() {
        return "#" + sequence + " " + method + " " + path + (query == null ? "" : "?" + query)
                + (json.isMissingNode() ? "" : " (" + messageCount() + " messages)");
    }

    private static List<JsonNode> toolResultBlocks(JsonNode content) {
        List<JsonNode> blocks = new ArrayList<>();
        for (JsonNode block : content.values()) {
            if ("tool_result".equals(block.path("type").asString(""))) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    private static String textOf(JsonNode content) {
        if (content.isString()) {
            return content.stringValue();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode block : content.values()) {
            if ("text".equals(block.path("type").asString(""))) {
                texts.add(block.path("text").asString(""));
            }
        }
        return String.join("\n", texts);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
