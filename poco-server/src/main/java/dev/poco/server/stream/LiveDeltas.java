package dev.poco.server.stream;

import dev.poco.protocol.TextDelta;
import dev.poco.server.common.Json;
import dev.poco.server.common.PgNotifications;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pieces of the model's text on their way to the browsers, stored nowhere. A runner's batch goes out as PostgreSQL
 * NOTIFYs on {@link #CHANNEL} (payload {@code <session_id>:<json>}, split to stay under NOTIFY's 8000-byte limit), so
 * whichever replica holds a browser's event stream forwards it; a stream that is not connected at that moment never
 * sees it, and a reconnect replays stored events only. Each piece reaches the stream as one {@code message.delta}
 * frame without an id: {@code {type, session_id, run_id, payload: {message_id, index, kind, offset, text}}}.
 */
@Component
class LiveDeltas {

    static final String CHANNEL = "session_deltas";
    /** The SSE event name of a piece of text. */
    static final String EVENT = "message.delta";
    /** NOTIFY refuses payloads of 8000 bytes or more; keep a margin. */
    static final int MAX_PAYLOAD_BYTES = 7900;

    private static final Logger log = LoggerFactory.getLogger(LiveDeltas.class);

    private final JdbcClient jdbc;
    private final Json json;
    private final Map<String, Set<Consumer<String>>> listeners = new ConcurrentHashMap<>();

    LiveDeltas(JdbcClient jdbc, Json json, PgNotifications hub) {
        this.jdbc = jdbc;
        this.json = json;
        hub.subscribe(CHANNEL, this::dispatch);
    }

    /** Announces {@code deltas} of a run to every stream of its session, on any replica; returns the NOTIFYs sent. */
    int publish(UUID sessionId, UUID runId, List<TextDelta> deltas) {
        List<String> payloads = new ArrayList<>();
        split(sessionId + ":", runId, deltas, payloads);
        for (String payload : payloads) {
            PgNotifications.notify(jdbc, CHANNEL, payload);
        }
        return payloads.size();
    }

    /**
     * Calls {@code frames} with the {@code data:} JSON of each piece announced for the session from now on, on the
     * notification thread (so it must return at once). Close the handle when the stream ends.
     */
    AutoCloseable subscribe(UUID sessionId, Consumer<String> frames) {
        String key = sessionId.toString();
        listeners.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(frames);
        return () -> listeners.computeIfPresent(key, (k, set) -> {
            set.remove(frames);
            return set.isEmpty() ? null : set;
        });
    }

    private void split(String prefix, UUID runId, List<TextDelta> deltas, List<String> out) {
        String payload = prefix + json.write(body(runId, deltas));
        if (payload.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES) {
            out.add(payload);
        } else if (deltas.size() > 1) {
            split(prefix, runId, deltas.subList(0, deltas.size() / 2), out);
            split(prefix, runId, deltas.subList(deltas.size() / 2, deltas.size()), out);
        } else {
            TextDelta d = deltas.getFirst();
            int cut = d.text().length() / 2;
            if (cut > 0 && Character.isHighSurrogate(d.text().charAt(cut - 1))) {
                cut--; // never between the halves of a surrogate pair
            }
            if (cut == 0) {
                log.warn("A text delta of run {} does not fit a notification; dropped", runId);
                return;
            }
            split(prefix, runId, List.of(new TextDelta(d.messageId(), d.index(), d.kind(), d.offset(),
                    d.text().substring(0, cut))), out);
            split(prefix, runId, List.of(new TextDelta(d.messageId(), d.index(), d.kind(), d.offset() + cut,
                    d.text().substring(cut))), out);
        }
    }

    private ObjectNode body(UUID runId, List<TextDelta> deltas) {
        ObjectNode body = json.object();
        body.put("run_id", runId.toString());
        body.set("deltas", json.toTree(deltas));
        return body;
    }

    private void dispatch(String payload) {
        if (PgNotifications.RECONNECTED.equals(payload)) {
            return; // pieces sent meanwhile are gone; the complete messages are in the event log
        }
        int colon = payload.indexOf(':');
        if (colon < 0) {
            return;
        }
        String session = payload.substring(0, colon);
        Set<Consumer<String>> set = listeners.get(session);
        if (set == null || set.isEmpty()) {
            return; // nobody streams this session here: not even parsed
        }
        JsonNode body = json.read(payload.substring(colon + 1));
        if (body == null || !body.path("deltas").isArray()) {
            return;
        }
        for (JsonNode delta : body.path("deltas")) {
            ObjectNode frame = json.object();
            frame.put("type", EVENT);
            frame.put("session_id", session);
            frame.set("run_id", body.get("run_id"));
            frame.set("payload", delta);
            String data = json.write(frame);
            if (data != null) {
                set.forEach(listener -> listener.accept(data));
            }
        }
    }
}
