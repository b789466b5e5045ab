package dev.poco.server.im;

import dev.poco.server.common.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Renders an outbox row (written by {@link ImOutboxWriter}) as a chat message in the chat's language: the assistant's
 * text as Markdown, a question with one row of buttons per question (or Approve / Reject for a plan) plus the
 * {@code /answer} fallback, and a run's outcome.
 */
final class Notifications {

    static final String ASSISTANT_TEXT = "assistant_text";
    static final String QUESTION = "question";
    static final String RUN_FINISHED = "run_finished";
    static final int ERROR_LENGTH = 800;
    static final int PLAN_LENGTH = 3000;
    static final int BUTTON_LABEL = 40;

    private Notifications() {}

    static Outbound render(String type, JsonNode payload, String lang, @Nullable String publicUrl) {
        return switch (type) {
            case ASSISTANT_TEXT -> Outbound.markdown(payload.path("text").asString(""));
            case QUESTION -> question(payload.path("request"), lang);
            case RUN_FINISHED -> Outbound.plain(finished(payload, lang, publicUrl));
            default -> Outbound.plain(payload.toString());
        };
    }

    private static String finished(JsonNode payload, String lang, @Nullable String publicUrl) {
        String status = payload.path("status").asString("");
        StringBuilder out = new StringBuilder(switch (status) {
            case "completed" -> ChatText.RUN_COMPLETED.in(lang);
            case "failed" -> ChatText.RUN_FAILED.in(lang);
            default -> ChatText.RUN_CANCELED.in(lang);
        });
        String title = payload.path("title").asString("");
        if (!title.isBlank()) {
            out.append('\n').append(ChatText.RUN_TITLE.in(lang, title));
        }
        String error = payload.path("error").asString("");
        if (status.equals("failed") && !error.isBlank()) {
            out.append('\n').append(ChatText.RUN_ERROR.in(lang, Texts.truncate(error, ERROR_LENGTH)));
        }
        String session = payload.path("session_id").asString("");
        if (publicUrl != null && !session.isEmpty()) {
            out.append('\n').append(ChatText.OPEN_LINK.in(lang, publicUrl + "/s/" + session));
        }
        return out.toString();
    }

    private static Outbound question(JsonNode request, String lang) {
        String id = request.path("id").asString("");
        JsonNode input = request.path("tool_input");
        List<List<Outbound.Button>> buttons = new ArrayList<>();
        if (!QuestionAnswers.ASK.equals(request.path("tool_name").asString(""))) {
            String plan = input.path("plan").asString("");
            String text = ChatText.PLAN_HEADER.in(lang) + "\n\n" + Texts.truncate(plan, PLAN_LENGTH) + "\n\n"
                    + "`" + ChatText.PLAN_FALLBACK.in(lang, id) + "`";
            buttons.add(List.of(new Outbound.Button("✅ " + ChatText.PLAN_APPROVE.in(lang), "p:" + id + ":1"),
                    new Outbound.Button("❌ " + ChatText.PLAN_REJECT.in(lang), "p:" + id + ":0")));
            return new Outbound(text, true, buttons);
        }
        StringBuilder text = new StringBuilder("**").append(ChatText.QUESTION_HEADER.in(lang)).append("**");
        JsonNode questions = input.path("questions");
        boolean needsSubmit = questions.size() > 1;
        for (int qi = 0; qi < questions.size(); qi++) {
            JsonNode q = questions.get(qi);
            boolean multi = q.path("multiSelect").asBoolean(false);
            needsSubmit |= multi;
            text.append("\n\n").append(qi + 1).append(". ");
            String header = q.path("header").asString("");
            if (!header.isBlank()) {
                text.append("**").append(header).append("** – ");
            }
            text.append(q.path("question").asString(""));
            if (multi) {
                text.append(' ').append(ChatText.QUESTION_MULTI.in(lang));
            }
            List<Outbound.Button> row = new ArrayList<>();
            JsonNode options = q.path("options");
            for (int oi = 0; oi < options.size(); oi++) {
                JsonNode o = options.get(oi);
                String label = o.path("label").asString("");
                String description = o.path("description").asString("");
                text.append("\n- ").append(label);
                if (!description.isBlank()) {
                    text.append(": ").append(description);
                }
                row.add(new Outbound.Button(Texts.truncate(label, BUTTON_LABEL), "q:" + id + ":" + qi + ":" + oi));
            }
            // two buttons a row keeps long labels readable on a phone
            for (int i = 0; i < row.size(); i += 2) {
                buttons.add(List.copyOf(row.subList(i, Math.min(i + 2, row.size()))));
            }
        }
        if (needsSubmit) {
            buttons.add(List.of(new Outbound.Button("📨 " + ChatText.QUESTION_SUBMIT.in(lang), "qs:" + id)));
        }
        text.append("\n\n`").append(ChatText.QUESTION_FALLBACK.in(lang, id)).append('`');
        return new Outbound(text.toString(), true, buttons);
    }

    static String statusEmoji(String status) {
        return switch (status) {
            case "completed", "done", "success" -> "✅";
            case "claimed", "running", "in_progress", "executing" -> "⏳";
            case "pending", "queued", "scheduled", "created" -> "🕒";
            case "failed", "error" -> "❌";
            case "canceled", "cancelled", "aborted" -> "🚫";
            default -> "❔";
        };
    }

    static @Nullable UUID uuid(JsonNode node) {
        try {
            return node.isString() ? UUID.fromString(node.asString()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
