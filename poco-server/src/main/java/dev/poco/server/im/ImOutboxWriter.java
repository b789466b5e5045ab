package dev.poco.server.im;

import dev.poco.protocol.EventType;
import dev.poco.protocol.SdkTypes;
import dev.poco.protocol.SessionEvent;
import dev.poco.server.common.Json;
import dev.poco.server.common.PgNotifications;
import dev.poco.server.events.SessionEventAppended;
import dev.poco.server.messages.SdkMessages;
import dev.poco.server.sessions.SessionService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outbox's producer: runs inside the transaction that appends a session event (so the row commits or rolls back
 * with the change) and writes one {@code im_outbox} row per linked chat of the session's owner that is bound to or
 * watches the session. Keys ({@code msg:<message id>}, {@code question:<request id>},
 * {@code run:<run id>:<status>}) are unique per chat, so a repeated event is written once.
 */
@Component
class ImOutboxWriter {

    static final String CHANNEL = "im_outbox";
    private static final List<String> TERMINAL = List.of("completed", "failed", "canceled");

    private final JdbcClient jdbc;
    private final Json json;
    private final SessionService sessions;

    ImOutboxWriter(JdbcClient jdbc, Json json, SessionService sessions) {
        this.jdbc = jdbc;
        this.json = json;
        this.sessions = sessions;
    }

    @EventListener
    void on(SessionEventAppended appended) {
        SessionEvent event = appended.event();
        Optional<EventType> type = EventType.fromWire(event.type());
        if (type.isEmpty()) {
            return;
        }
        JsonNode p = event.payload();
        ObjectNode payload = json.object();
        payload.put("session_id", event.sessionId().toString());
        payload.put("user_id", appended.userId());
        String key;
        String kind;
        switch (type.get()) {
            case MESSAGE_CREATED -> {
                Optional<String> text = assistantText(p);
                if (text.isEmpty()) {
                    return;
                }
                kind = Notifications.ASSISTANT_TEXT;
                key = "msg:" + p.path("id").asLong();
                payload.put("text", text.get());
            }
            case QUESTION_OPENED -> {
                kind = Notifications.QUESTION;
                key = "question:" + p.path("id").asString("");
                payload.set("request", p);
            }
            case RUN_UPDATED -> {
                String status = p.path("status").asString("");
                if (!TERMINAL.contains(status)) {
                    return;
                }
                kind = Notifications.RUN_FINISHED;
                key = "run:" + p.path("run_id").asString("") + ":" + status;
                payload.put("run_id", p.path("run_id").asString(""));
                payload.put("status", status);
                payload.put("error", p.path("last_error").asString(""));
                sessions.find(event.sessionId()).map(s -> s.title()).ifPresent(t -> payload.put("title", t));
            }
            default -> {
                return;
            }
        }
        int written = jdbc.sql("""
                INSERT INTO im_outbox (channel_id, event_key, event_type, session_id, payload)
                SELECT c.id, :key, :kind, :session, CAST(:payload AS jsonb) FROM im_channels c
                WHERE c.user_id = :user AND (c.active_session_id = :session
                    OR EXISTS (SELECT 1 FROM im_watches w WHERE w.channel_id = c.id AND w.session_id = :session))
                ON CONFLICT (channel_id, event_key) DO NOTHING""")
                .param("key", key).param("kind", kind).param("session", event.sessionId())
                .param("payload", json.write(payload)).param("user", appended.userId()).update();
        if (written > 0) {
            PgNotifications.notify(jdbc, CHANNEL, "new");
        }
    }

    /**
     * The visible text of an assistant message: its TextBlocks joined by blank lines; nothing for sub-agent
     * transcripts ({@code parent_tool_use_id}), results (they repeat the last text) and system messages.
     */
    static Optional<String> assistantText(JsonNode view) {
        if (!"assistant".equals(view.path("role").asString(""))) {
            return Optional.empty();
        }
        JsonNode content = view.path("content");
        if (!SdkMessages.type(content).contains(SdkTypes.ASSISTANT_MESSAGE)) {
            return Optional.empty();
        }
        JsonNode parent = content.get("parent_tool_use_id");
        if (parent != null && !parent.isNull() && !parent.asString("").isEmpty()) {
            return Optional.empty();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode block : content.path("content")) {
            if (SdkMessages.is(block, SdkTypes.TEXT_BLOCK)) {
                String text = block.path("text").asString("").replace("\uFFFD", "").strip();
                if (!text.isEmpty() && !texts.contains(text)) {
                    texts.add(text);
                }
            }
        }
        return texts.isEmpty() ? Optional.empty() : Optional.of(String.join("\n\n", texts));
    }
}
