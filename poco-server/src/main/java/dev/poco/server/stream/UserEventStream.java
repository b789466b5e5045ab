package dev.poco.server.stream;

import dev.poco.protocol.EventType;
import dev.poco.protocol.SessionEvent;
import dev.poco.server.auth.Caller;
import dev.poco.server.auth.SignInCheck;
import dev.poco.server.common.ChangeNotifiers;
import dev.poco.server.common.Json;
import dev.poco.server.common.PgNotifications;
import dev.poco.server.events.SessionEvents;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/events}: the caller's session list changes ({@code session.updated},
 * {@code session.deleted}) and questions opening or closing (for the sidebar's badges) as they
 * happen. No replay: a client that (re)connects
 * reloads {@code GET /sessions}; after a lost database listener the stream sends {@code resync}.
 */
@RestController
class UserEventStream {

    private static final Set<String> FORWARDED = Set.of(EventType.SESSION_UPDATED.wire(),
            EventType.SESSION_DELETED.wire(), EventType.QUESTION_OPENED.wire(), EventType.QUESTION_CLOSED.wire());
    private static final String RESYNC = "resync";
    private static final String STOP = "\u0000stop";
    private static final int QUEUE_LIMIT = 10_000;

    private final SessionEvents events;
    private final Json json;
    private final StreamProperties properties;
    private final ChangeNotifiers lifecycle;
    private final Map<String, Set<BlockingQueue<String>>> subscribers = new ConcurrentHashMap<>();

    UserEventStream(SessionEvents events, Json json, StreamProperties properties, PgNotifications hub,
            ChangeNotifiers lifecycle) {
        this.lifecycle = lifecycle;
        this.events = events;
        this.json = json;
        this.properties = properties;
        hub.subscribe(SessionEvents.CHANNEL, this::dispatch);
    }

    private void dispatch(String payload) {
        if (PgNotifications.RECONNECTED.equals(payload)) {
            subscribers.values().forEach(set -> set.forEach(q -> q.offer(RESYNC)));
            return;
        }
        SessionEvents.Notification n = SessionEvents.parse(payload);
        Set<BlockingQueue<String>> queues = subscribers.get(n.userId());
        if (queues != null) {
            queues.forEach(q -> q.offer(n.sessionId() + ":" + n.firstId() + ":" + n.lastId()));
        }
    }

    @GetMapping("/api/v1/events")
    void stream(Caller caller, HttpServletRequest request, HttpServletResponse response) {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>(QUEUE_LIMIT);
        subscribers.computeIfAbsent(caller.userId(), k -> ConcurrentHashMap.newKeySet()).add(queue);
        try (AutoCloseable stop = lifecycle.onStop(() -> queue.offer(STOP))) {
            SseWriter sse = new SseWriter(response, json.mapper());
            sse.retry(2000);
            sse.comment("user events");
            while (!lifecycle.stopping()) {
                String item = queue.poll(properties.heartbeatSeconds(), TimeUnit.SECONDS);
                if (STOP.equals(item)) {
                    return;
                }
                if (item == null) {
                    if (!SignInCheck.holds(request)) {
                        return; // signed out meanwhile: the reconnect gets 401 and asks to sign in again
                    }
                    sse.comment("ping");
                } else if (item.equals(RESYNC)) {
                    sse.event(null, RESYNC, Map.of("reason", "missed events; reload the session list"));
                } else {
                    String[] ref = item.split(":", 3);
                    long first = Long.parseLong(ref[1]);
                    long last = Long.parseLong(ref[2]);
                    for (SessionEvent event : events.after(UUID.fromString(ref[0]), first - 1, (int) (last - first + 1))) {
                        if (FORWARDED.contains(event.type())) {
                            sse.event(null, event.type(), event);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception clientGone) {
            // the client left, or the server stops
        } finally {
            subscribers.computeIfPresent(caller.userId(), (k, set) -> {
                set.remove(queue);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
