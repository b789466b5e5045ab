package dev.poco.server.messages;

import dev.poco.protocol.EventType;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.events.SessionEvents;
import dev.poco.server.sessions.SessionService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Stores and reads messages; each new message is also a {@code message.created} event. */
@Service
public class MessageService {

    private final MessageRepository messages;
    private final SessionService sessions;
    private final SessionEvents events;

    MessageService(MessageRepository messages, SessionService sessions, SessionEvents events) {
        this.messages = messages;
        this.sessions = sessions;
        this.events = events;
    }

    /** Stores a serialized SDK message with the role and preview poco derives from it. */
    @Transactional
    public Message append(UUID sessionId, @Nullable UUID runId, JsonNode content) {
        return append(sessionId, runId, SdkMessages.role(content), content);
    }

    @Transactional
    public Message append(UUID sessionId, @Nullable UUID runId, String role, JsonNode content) {
        Message message = messages.insert(sessionId, role, content, SdkMessages.preview(content));
        events.append(sessionId, runId, EventType.MESSAGE_CREATED, MessageView.of(message));
        return message;
    }

    @Transactional(readOnly = true)
    public Optional<Message> find(long id) {
        return messages.find(id);
    }

    /** A message of one of the caller's sessions; NOT_FOUND or FORBIDDEN otherwise. */
    @Transactional(readOnly = true)
    public Message require(Caller caller, long id) {
        Message message = messages.find(id).orElseThrow(() -> new NotFoundException("Message not found"));
        var session = sessions.find(message.sessionId())
                .orElseThrow(() -> new NotFoundException("Session not found: " + message.sessionId()));
        sessions.checkReadable(caller, session, "Message does not belong to the user");
        return message;
    }

    @Transactional(readOnly = true)
    public List<Message> list(UUID sessionId, int limit) {
        return messages.list(sessionId, limit);
    }

    @Transactional(readOnly = true)
    public List<Message> after(UUID sessionId, long afterId, int limit) {
        return messages.after(sessionId, afterId, limit);
    }

    @Transactional(readOnly = true)
    public List<Message> upTo(UUID sessionId, long cutoff, boolean inclusive) {
        return messages.upTo(sessionId, cutoff, inclusive);
    }

    @Transactional(readOnly = true)
    public List<Message> searchPreviews(Caller caller, String pattern, @Nullable UUID projectId, int limit) {
        return messages.searchPreviews(caller.userId(), pattern, projectId, limit);
    }

    /** Deletes the session's messages with id ≥ {@code fromId} (history pruning); emits one event. */
    @Transactional
    public List<Long> deleteFrom(UUID sessionId, long fromId) {
        List<Long> deleted = messages.deleteFrom(sessionId, fromId);
        if (!deleted.isEmpty()) {
            events.append(sessionId, null, EventType.MESSAGES_DELETED, Map.of("message_ids", deleted));
        }
        return deleted;
    }

    @Transactional
    public Message replaceUserPrompt(long id, String text) {
        JsonNode content = SdkMessages.userPrompt(text);
        return messages.updateContent(id, content, SdkMessages.preview(content));
    }
}
