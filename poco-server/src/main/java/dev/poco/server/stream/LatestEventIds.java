package dev.poco.server.stream;

import dev.poco.server.common.PgNotifications;
import dev.poco.server.events.SessionEvents;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest event id announced per session, for the sessions someone is streaming. A stream
 * whose cursor is at or past it has nothing to read and goes back to waiting without a query.
 * A lost LISTEN connection marks every session for one forced read (announcements may be lost).
 */
final class LatestEventIds {

    private static final class Entry {
        long latest;
        boolean forced;
        int streams;
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    LatestEventIds(PgNotifications hub) {
        hub.subscribe(SessionEvents.CHANNEL, payload -> {
            if (PgNotifications.RECONNECTED.equals(payload)) {
                entries.values().forEach(e -> {
                    synchronized (e) {
                        e.forced = true;
                    }
                });
                return;
            }
            SessionEvents.Notification n = SessionEvents.parse(payload);
            Entry e = entries.get(n.sessionId().toString());
            if (e != null) {
                synchronized (e) {
                    e.latest = Math.max(e.latest, n.lastId());
                }
            }
        });
    }

    void retain(String session) {
        entries.compute(session, (k, e) -> {
            Entry entry = e == null ? new Entry() : e;
            entry.streams++;
            return entry;
        });
    }

    void release(String session) {
        entries.computeIfPresent(session, (k, e) -> --e.streams == 0 ? null : e);
    }

    /** True when an event past {@code cursor} was announced (or a read is forced); clears the force. */
    boolean needsRead(String session, long cursor) {
        Entry e = entries.get(session);
        if (e == null) {
            return true;
        }
        synchronized (e) {
            boolean read = e.forced || e.latest > cursor;
            e.forced = false;
            return read;
        }
    }
}
