package dev.poco.server.messages;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.sessions.SessionService;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MessageController {

    /** poco's repository default: the list endpoint returns the first 100 messages only. */
    private static final int LIST_LIMIT = 100;

    private final MessageService messages;
    private final SessionService sessions;

    MessageController(MessageService messages, SessionService sessions) {
        this.messages = messages;
        this.sessions = sessions;
    }

    @GetMapping("/api/v1/messages/{messageId}")
    Envelope<MessageView> get(Caller caller, @PathVariable long messageId) {
        return Envelope.ok(MessageView.of(messages.require(caller, messageId)));
    }

    @GetMapping("/api/v1/sessions/{sessionId}/messages")
    Envelope<List<MessageView>> list(Caller caller, @PathVariable UUID sessionId) {
        sessions.requireReadable(caller, sessionId);
        return Envelope.ok(messages.list(sessionId, LIST_LIMIT).stream().map(MessageView::of).toList());
    }
}
