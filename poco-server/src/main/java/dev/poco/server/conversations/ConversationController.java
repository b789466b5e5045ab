package dev.poco.server.conversations;

import dev.poco.protocol.Envelope;
import dev.poco.server.attachments.AttachmentStore;
import dev.poco.server.auth.Caller;
import dev.poco.server.events.SessionEvents;
import dev.poco.server.messages.Message;
import dev.poco.server.messages.MessageService;
import dev.poco.server.runs.Run;
import dev.poco.server.runs.RunService;
import dev.poco.server.sessions.SessionService;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Messages joined with the files attached to their runs. Answers carry {@code X-Last-Event-ID}:
 * the session's newest event id read before the messages, so a client that opens the event
 * stream after it misses nothing and at worst sees an event it already has.
 */
@RestController
class ConversationController {

    static final String LAST_EVENT_HEADER = "X-Last-Event-ID";
    private static final int LIST_LIMIT = 1000;

    private final SessionService sessions;
    private final MessageService messages;
    private final RunService runs;
    private final SessionEvents events;
    private final AttachmentStore attachmentStore;

    ConversationController(SessionService sessions, MessageService messages, RunService runs, SessionEvents events,
            AttachmentStore attachmentStore) {
        this.sessions = sessions;
        this.messages = messages;
        this.runs = runs;
        this.events = events;
        this.attachmentStore = attachmentStore;
    }

    record MessageWithFiles(long id, String role, JsonNode content, @Nullable String textPreview,
            OffsetDateTime createdAt, OffsetDateTime updatedAt, List<JsonNode> attachments) {}

    record Delta(List<MessageWithFiles> items, @Nullable Long nextAfterMessageId, boolean hasMore) {}

    record MessageAttachments(long messageId, List<JsonNode> attachments) {}

    @GetMapping("/api/v1/sessions/{sessionId}/messages-with-files")
    ResponseEntity<Envelope<List<MessageWithFiles>>> withFiles(Caller caller, @PathVariable UUID sessionId) {
        sessions.requireReadable(caller, sessionId);
        long lastEvent = events.lastId(sessionId);
        Map<Long, List<JsonNode>> files = attachments(caller, sessionId);
        List<MessageWithFiles> items = messages.list(sessionId, LIST_LIMIT).stream().map(m -> withFiles(m, files)).toList();
        return ResponseEntity.ok().header(LAST_EVENT_HEADER, Long.toString(lastEvent)).body(Envelope.ok(items));
    }

    @GetMapping("/api/v1/sessions/{sessionId}/messages-with-files/delta")
    ResponseEntity<Envelope<Delta>> delta(Caller caller, @PathVariable UUID sessionId,
            @RequestParam(name = "after_message_id", defaultValue = "0") @Min(0) long after,
            @RequestParam(defaultValue = "200") @Min(1) @Max(1000) int limit) {
        sessions.requireReadable(caller, sessionId);
        long lastEvent = events.lastId(sessionId);
        Map<Long, List<JsonNode>> files = attachments(caller, sessionId);
        List<Message> page = messages.after(sessionId, after, limit + 1);
        boolean hasMore = page.size() > limit;
        List<MessageWithFiles> items = (hasMore ? page.subList(0, limit) : page).stream()
                .map(m -> withFiles(m, files)).toList();
        Long next = !items.isEmpty() ? Long.valueOf(items.getLast().id()) : after > 0 ? Long.valueOf(after) : null;
        return ResponseEntity.ok().header(LAST_EVENT_HEADER, Long.toString(lastEvent))
                .body(Envelope.ok(new Delta(items, next, hasMore)));
    }

    @GetMapping("/api/v1/sessions/{sessionId}/message-attachments")
    Envelope<List<MessageAttachments>> messageAttachments(Caller caller, @PathVariable UUID sessionId) {
        sessions.requireReadable(caller, sessionId);
        List<MessageAttachments> result = new ArrayList<>();
        new TreeMap<>(attachments(caller, sessionId)).forEach((id, list) -> {
            if (!list.isEmpty()) {
                result.add(new MessageAttachments(id, list));
            }
        });
        return Envelope.ok(result);
    }

    private MessageWithFiles withFiles(Message m, Map<Long, List<JsonNode>> files) {
        return new MessageWithFiles(m.id(), m.role(), m.content(), m.textPreview(), m.createdAt(), m.updatedAt(),
                files.getOrDefault(m.id(), List.of()));
    }

    /** Input files of each run, keyed by its prompt message (later runs win), with URLs for own uploads. */
    private Map<Long, List<JsonNode>> attachments(Caller caller, UUID sessionId) {
        Map<Long, List<JsonNode>> byMessage = new HashMap<>();
        for (Run run : runs.allOfSession(sessionId)) {
            JsonNode files = run.configSnapshot() == null ? null : run.configSnapshot().get("input_files");
            if (files == null || !files.isArray()) {
                continue;
            }
            List<JsonNode> list = new ArrayList<>();
            for (JsonNode file : files) {
                if (!file.isObject() || !file.path("name").isString() || !file.path("source").isString()) {
                    continue; // poco drops items that are not valid InputFiles
                }
                ObjectNode withUrl = ((ObjectNode) file).deepCopy();
                withUrl.put("url", attachmentStore.urlFor(caller.userId(), file.path("source").asString()));
                list.add(withUrl);
            }
            byMessage.put(run.userMessageId(), list);
        }
        return byMessage;
    }
}
