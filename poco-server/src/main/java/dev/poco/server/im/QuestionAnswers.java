package dev.poco.server.im;

import dev.poco.protocol.UserInputRequestView;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.Json;
import dev.poco.server.questions.UserInputService;
import dev.poco.server.sessions.SessionService;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers to the agent's questions from a chat: {@code /answer <id> <json>} and presses on the buttons
 * {@link Notifications} attaches. Button data: {@code q:<request>:<question>:<option>} (pick; a question that allows
 * several answers toggles), {@code qs:<request>} (submit the picks), {@code p:<request>:1|0} (plan approve/reject).
 * The answer goes through {@link UserInputService#answer}, which checks that the request is the chat user's.
 */
@Component
class QuestionAnswers {

    static final String ASK = "AskUserQuestion";

    private final UserInputService questions;
    private final SessionService sessions;
    private final ChatRepository chats;
    private final Json json;

    QuestionAnswers(UserInputService questions, SessionService sessions, ChatRepository chats, Json json) {
        this.questions = questions;
        this.sessions = sessions;
        this.chats = chats;
        this.json = json;
    }

    String command(ImChat chat, Caller caller, String args, String lang) {
        String[] parts = args.strip().split("\\s+", 2);
        if (parts.length < 2 || parts[0].isEmpty()) {
            return ChatText.ANSWER_USAGE.in(lang);
        }
        Optional<UUID> id = parseId(parts[0]);
        if (id.isEmpty()) {
            return ChatText.ANSWER_USAGE.in(lang);
        }
        JsonNode body;
        try {
            body = json.mapper().readTree(parts[1]);
        } catch (RuntimeException e) {
            return ChatText.ANSWER_BAD_JSON.in(lang);
        }
        if (body == null || !body.isObject()) {
            return ChatText.ANSWER_BAD_JSON.in(lang);
        }
        ObjectNode answers = json.object();
        body.properties().forEach(e -> answers.put(e.getKey(),
                e.getValue().isString() ? e.getValue().asString() : e.getValue().toString()));
        questions.answer(caller, id.get(), answers);
        chats.dropDraft(chat.id(), id.get());
        return ChatText.ANSWERED.in(lang);
    }

    /** A button press: the toast text for the press, and whether the question was answered. */
    Press press(ImChat chat, Caller caller, String data, String lang) {
        String[] parts = data.split(":");
        Optional<UUID> id = parts.length >= 2 ? parseId(parts[1]) : Optional.empty();
        if (id.isEmpty()) {
            return new Press(ChatText.QUESTION_CLOSED.in(lang), false);
        }
        UserInputRequestView request = questions.get(id.get());
        boolean own = sessions.find(request.sessionId()).filter(s -> caller.owns(s.userId())).isPresent();
        if (!own || !UserInputRequestView.PENDING.equals(request.status())) {
            return new Press(ChatText.QUESTION_CLOSED.in(lang), false);
        }
        switch (parts[0]) {
            case "p" -> {
                ObjectNode answers = json.object().put("approved", parts.length > 2 && parts[2].equals("1") ? "true" : "false");
                questions.answer(caller, request.id(), answers);
                return new Press(ChatText.ANSWERED.in(lang), true);
            }
            case "qs" -> {
                submit(chat, caller, request, picks(chat, request));
                return new Press(ChatText.ANSWERED.in(lang), true);
            }
            case "q" -> {
                return pick(chat, caller, request, parts, lang);
            }
            default -> {
                return new Press(ChatText.QUESTION_CLOSED.in(lang), false);
            }
        }
    }

    private Press pick(ImChat chat, Caller caller, UserInputRequestView request, String[] parts, String lang) {
        JsonNode list = request.toolInput().path("questions");
        int qi;
        int oi;
        try {
            qi = Integer.parseInt(parts[2]);
            oi = Integer.parseInt(parts[3]);
        } catch (RuntimeException e) {
            return new Press(ChatText.QUESTION_CLOSED.in(lang), false);
        }
        JsonNode question = list.path(qi);
        String label = question.path("options").path(oi).path("label").asString("");
        if (label.isEmpty()) {
            return new Press(ChatText.QUESTION_CLOSED.in(lang), false);
        }
        boolean multi = question.path("multiSelect").asBoolean(false);
        ObjectNode picks = picks(chat, request);
        String key = String.valueOf(qi);
        ArrayNode chosen = picks.has(key) && picks.get(key).isArray() ? (ArrayNode) picks.get(key) : picks.putArray(key);
        if (multi) {
            int at = indexOf(chosen, label);
            if (at >= 0) {
                chosen.remove(at);
            } else {
                chosen.add(label);
            }
        } else {
            chosen.removeAll();
            chosen.add(label);
        }
        boolean anyMulti = false;
        boolean complete = true;
        for (int i = 0; i < list.size(); i++) {
            anyMulti |= list.path(i).path("multiSelect").asBoolean(false);
            JsonNode p = picks.get(String.valueOf(i));
            complete &= p != null && !p.isEmpty();
        }
        if (complete && !anyMulti) {
            submit(chat, caller, request, picks);
            return new Press(ChatText.ANSWERED.in(lang), true);
        }
        chats.saveDraft(chat.id(), request.id(), Objects.requireNonNull(json.write(picks)));
        List<String> shown = new ArrayList<>();
        chosen.forEach(n -> shown.add(n.asString()));
        return new Press(ChatText.PICKED.in(lang, String.join(", ", shown)), false);
    }

    private void submit(ImChat chat, Caller caller, UserInputRequestView request, ObjectNode picks) {
        ObjectNode answers = json.object();
        JsonNode list = request.toolInput().path("questions");
        for (int i = 0; i < list.size(); i++) {
            List<String> labels = new ArrayList<>();
            picks.path(String.valueOf(i)).forEach(n -> labels.add(n.asString()));
            answers.put(list.path(i).path("question").asString(""), String.join(", ", labels));
        }
        questions.answer(caller, request.id(), answers);
        chats.dropDraft(chat.id(), request.id());
    }

    private ObjectNode picks(ImChat chat, UserInputRequestView request) {
        JsonNode stored = json.read(chats.draft(chat.id(), request.id()));
        return stored instanceof ObjectNode o ? o : json.object();
    }

    private static int indexOf(ArrayNode array, String value) {
        for (int i = 0; i < array.size(); i++) {
            if (value.equals(array.get(i).asString())) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<UUID> parseId(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    record Press(String toast, boolean answered) {}
}
