package dev.poco.runner.claude.message;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code system} line. Every subtype is kept whole in {@link #raw()}, including ones this driver does not know.
 * Subtypes seen with CLI 2.1.197: {@code init} (first line of a turn: {@code session_id}, {@code tools},
 * {@code model}, {@code permissionMode}, {@code cwd}, …), {@code status} (e.g. {@code permissionMode} changed after
 * ExitPlanMode was allowed), {@code thinking_tokens}, {@code api_retry}.
 */
public record SystemMessage(String subtype, ObjectNode raw) implements CliMessage {

    public static final String INIT = "init";

    public boolean isInit() {
        return INIT.equals(subtype);
    }

    /** {@code session_id}, present on init and most other system lines. */
    public @Nullable String sessionId() {
        return text("session_id");
    }

    /** {@code model} of an init line (e.g. {@code claude-opus-4-8[1m]}). */
    public @Nullable String model() {
        return text("model");
    }

    /** {@code permissionMode} of an init or status line. */
    public @Nullable String permissionMode() {
        return text("permissionMode");
    }

    /** {@code tools} of an init line; empty for other subtypes. */
    public List<String> tools() {
        List<String> tools = new ArrayList<>();
        raw.path("tools").forEach(tool -> tools.add(tool.asString()));
        return tools;
    }

    private @Nullable String text(String field) {
        JsonNode node = raw.get(field);
        return node != null && node.isString() ? node.asString() : null;
    }
}
