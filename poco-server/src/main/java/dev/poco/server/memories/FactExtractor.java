package dev.poco.server.memories;

import dev.poco.server.llm.ServerModel;
import dev.poco.server.llm.ServerModelException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the server's model which facts of a conversation are worth keeping, and how each relates to the user's
 * closest existing memories: one Messages API request, answered with JSON (mem0 makes two calls, extraction then
 * update; one does the same work at half the latency). Existing memories are shown by number, not by id, so that
 * the model cannot invent an id; an answer naming a number that was not shown is treated as a new fact.
 */
@Component
class FactExtractor {

    /** Starts the system prompt; tests recognise the extraction request by it. */
    static final String SYSTEM_MARKER = "You are Poco's memory manager.";
    static final String SYSTEM = SYSTEM_MARKER + """
             From a conversation between a user and an assistant, pick out the facts about the user worth \
            remembering in later conversations: preferences, personal details, plans, decisions, facts about their \
            work and projects. Ignore small talk, questions and what is only true for this conversation.
            Compare each fact with the existing memories, listed by number. For each fact answer one of:
            - {"event": "ADD", "text": "<fact>"} for a fact no memory holds;
            - {"event": "UPDATE", "id": "<number>", "text": "<the memory, corrected or completed>"} when the fact \
            changes or adds to that memory;
            - {"event": "NONE", "id": "<number>"} when that memory already says it.
            Write each fact as one short sentence about the user, in the language the user wrote in.
            Reply with JSON only, no other text: {"memory": [ ... ]}. Reply {"memory": []} when nothing is worth \
            keeping.""";

    /** One decision of the model. */
    record Decision(String event, @Nullable Integer existing, @Nullable String text) {}

    private final ServerModel model;
    private final MemoryProperties properties;

    FactExtractor(ServerModel model, MemoryProperties properties) {
        this.model = model;
        this.properties = properties;
    }

    boolean configured() {
        return model.configured();
    }

    /**
     * @param conversation the messages as {@code role: content} lines
     * @param existing the closest existing memories, numbered by position
     * @throws ServerModelException when the model cannot be asked or answers something that is not the JSON asked for
     */
    List<Decision> decide(String conversation, List<String> existing) {
        StringBuilder prompt = new StringBuilder("Existing memories:\n");
        if (existing.isEmpty()) {
            prompt.append("(none)\n");
        }
        for (int i = 0; i < existing.size(); i++) {
            prompt.append(i).append(": ").append(existing.get(i).replace('\n', ' ')).append('\n');
        }
        prompt.append("\nConversation:\n").append(conversation);
        String answer = model.complete(SYSTEM, prompt.toString(), properties.extractionMaxTokens());
        return parse(answer, existing.size());
    }

    static List<Decision> parse(String answer, int existingCount) {
        int start = answer.indexOf('{');
        int end = answer.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new ServerModelException("the model's answer is not JSON: " + abbreviate(answer));
        }
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(answer.substring(start, end + 1));
        } catch (JacksonException e) {
            throw new ServerModelException("the model's answer is not JSON: " + abbreviate(answer), e);
        }
        JsonNode items = root.path("memory");
        if (!items.isArray()) {
            throw new ServerModelException("the model's answer has no \"memory\" list: " + abbreviate(answer));
        }
        List<Decision> decisions = new ArrayList<>();
        for (JsonNode item : items) {
            String event = item.path("event").asString("ADD").strip().toUpperCase(java.util.Locale.ROOT);
            String text = item.path("text").isString() ? item.path("text").asString().strip() : null;
            Integer existing = index(item.get("id"), existingCount);
            switch (event) {
                case "NONE" -> {
                    if (existing != null) {
                        decisions.add(new Decision("NONE", existing, null));
                    }
                }
                case "UPDATE" -> {
                    if (text != null && !text.isEmpty()) {
                        decisions.add(existing != null ? new Decision("UPDATE", existing, text)
                                : new Decision("ADD", null, text));
                    }
                }
                case "DELETE" -> { } // not asked for: extraction never forgets what the user was told was kept
                default -> { // ADD, and anything else the model made up
                    if (text != null && !text.isEmpty()) {
                        decisions.add(new Decision("ADD", null, text));
                    }
                }
            }
        }
        return decisions;
    }

    private static @Nullable Integer index(@Nullable JsonNode id, int count) {
        if (id == null) {
            return null;
        }
        try {
            int i = id.isNumber() ? id.asInt() : Integer.parseInt(id.asString("").strip());
            return i >= 0 && i < count ? i : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
