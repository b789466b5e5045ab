package dev.poco.server.stream;

import dev.poco.protocol.EventType;
import dev.poco.protocol.SessionEvent;
import dev.poco.server.auth.Caller;
import dev.poco.server.auth.SignInCheck;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ChangeNotifier;
import dev.poco.server.common.Json;
import dev.poco.server.common.ChangeNotifiers;
import dev.poco.server.common.PgNotifications;
import dev.poco.server.common.PocoException;
import dev.poco.server.events.SessionEvents;
import dev.poco.server.sessions.SessionService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/sessions/{id}/events}: every event of the session after the client's last
 * one, in order, exactly once per connection, then live. The request holds its (virtual) thread
 * for the life of the stream; waiting costs no database connection.
 *
 * <p>Between stored events it also forwards the model's text as it is generated ({@code message.delta}, see
 * {@link LiveDeltas}): frames without an id, written in the order their notifications came and before any stored
 * event read after them, so a block's pieces come before the message that completes it. They are never replayed.
 */
@RestController
class SessionEventStream {

    private static final Logger log = LoggerFactory.getLogger(SessionEventStream.class);
    private static final Duration DB_RETRY = Duration.ofSeconds(1);

    private final SessionService sessions;
    private final SessionEvents events;
    private final Json json;
    private final StreamProperties properties;
    private final ChangeNotifier changes;
    private final ChangeNotifiers lifecycle;
    private final LatestEventIds latest;
    private final LiveDeltas deltas;

    SessionEventStream(SessionService sessions, SessionEvents events, Json json, StreamProperties properties,
            ChangeNotifiers notifiers, PgNotifications hub, LiveDeltas deltas) {
        this.deltas = deltas;
        this.lifecycle = notifiers;
        this.sessions = sessions;
        this.events = events;
        this.json = json;
        this.properties = properties;
        // Order matters: the latest id must be recorded before the waiting stream is woken, and
        // the hub calls its listeners in the order they subscribed.
        this.latest = new LatestEventIds(hub);
        this.changes = notifiers.on(SessionEvents.CHANNEL, payload -> payload.split(":", 2)[0]);
    }

    @GetMapping("/api/v1/sessions/{sessionId}/events")
    void stream(Caller caller, @PathVariable UUID sessionId,
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
            @RequestParam(name = "after", required = false) @Min(0) @Nullable Long after,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        long cursor;
        try {
            sessions.requireReadable(caller, sessionId);
            cursor = after != null ? after : parseLastEventId(lastEventId);
        } catch (PocoException e) {
            // an event-stream client sent Accept: text/event-stream; answer the envelope anyway
            ErrorWriter.write(response, json, e);
            return;
        }
        Duration heartbeat = Duration.ofSeconds(properties.heartbeatSeconds());
        String key = sessionId.toString();
        latest.retain(key);
        Queue<String> pieces = new ConcurrentLinkedQueue<>();
        try (AutoCloseable following = deltas.subscribe(sessionId, data -> {
            pieces.add(data);
            changes.wake(key);
        })) {
            SseWriter sse = new SseWriter(response, json.mapper());
            sse.retry(2000);
            sse.comment("session " + sessionId + " after " + cursor);
            boolean read = true; // always read once: the replay
            while (!lifecycle.stopping()) {
                try (ChangeNotifier.Watch watch = changes.watch(key)) {
                    if (!read) { // after the replay: pieces announced before any later stored event
                        writePieces(sse, pieces);
                    }
                    // Read only when a notification announced an event past the cursor (or on the
                    // first pass, or after a lost LISTEN connection): one query per change, not two.
                    if (read || latest.needsRead(key, cursor)) {
                        read = false;
                        List<SessionEvent> batch;
                        try {
                            batch = events.after(sessionId, cursor, properties.batchSize());
                        } catch (DataAccessException | TransactionException e) {
                            // A busy or restarting database (a wave of runs can take every pooled connection):
                            // the stream stays open and reads again, instead of ending as if the client had left.
                            log.warn("Reading the events of session {} failed; retrying in {} s: {}", sessionId,
                                    DB_RETRY.toSeconds(), e.getMessage());
                            read = true;
                            Thread.sleep(DB_RETRY);
                            continue;
                        }
                        for (SessionEvent event : batch) {
                            sse.event(event);
                            cursor = event.id();
                            if (EventType.SESSION_DELETED.wire().equals(event.type())) {
                                return; // nothing will follow
                            }
                        }
                        if (batch.size() == properties.batchSize()) {
                            read = true; // more stored events to catch up on
                            continue;
                        }
                        if (!batch.isEmpty()) {
                            continue;
                        }
                    }
                    if (!pieces.isEmpty()) {
                        continue;
                    }
                    if (!watch.await(heartbeat)) {
                        if (!SignInCheck.holds(request)) {
                            return; // signed out meanwhile: the reconnect gets 401 and asks to sign in again
                        }
                        sse.comment("ping");
                    }
                }
            }
        } catch (IOException clientGone) {
            // the browser closed the stream (or the server stops); it reconnects with Last-Event-ID
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the stream ends; the client reconnects with Last-Event-ID after the retry interval
            log.warn("The event stream of session {} ended on an error; the client reconnects: {}", sessionId,
                    e.toString());
        } finally {
            latest.release(key);
        }
    }

    private static void writePieces(SseWriter sse, Queue<String> pieces) throws IOException {
        String data;
        while ((data = pieces.poll()) != null) {
            sse.unnumbered(LiveDeltas.EVENT, data);
        }
    }

    static long parseLastEventId(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            long id = Long.parseLong(header.strip());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new BadRequestException("Last-Event-ID must be a non-negative event id");
        }
    }
}
