package dev.poco.server.networkevents;

import dev.poco.protocol.EventType;
import dev.poco.protocol.NetworkEvent;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.Texts;
import dev.poco.server.events.SessionEvents;
import dev.poco.server.runs.Run;
import dev.poco.server.runs.RunService;
import dev.poco.server.sessions.SessionService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores what runs' egress gates report and lists it for the session's owner. Each newly stored event is also a
 * {@code network.connection} session event in the same transaction, so the SSE stream shows connections live.
 */
@Service
class NetworkEventService {

    private final NetworkEventRepository events;
    private final RunService runs;
    private final SessionService sessions;
    private final SessionEvents log;

    NetworkEventService(NetworkEventRepository events, RunService runs, SessionService sessions, SessionEvents log) {
        this.events = events;
        this.runs = runs;
        this.sessions = sessions;
        this.log = log;
    }

    /**
     * Stores a run's batch, in order, skipping (run, seq) pairs stored before, whatever state the run is in now: a
     * gate's last report may arrive after the run ended.
     *
     * @throws NotFoundException when the run does not exist
     */
    @Transactional
    NetworkEventsReceipt record(UUID runId, List<NetworkEvent> batch) {
        Run run = runs.find(runId).orElseThrow(() -> new NotFoundException("Run not found: " + runId));
        // Store all rows first, then append the session events: the inserts take the run's and session's key-share
        // locks before the appends take the session row, the order the run reaper and callbacks can live with.
        List<NetworkEventView> stored = new ArrayList<>();
        for (NetworkEvent event : batch) {
            events.insert(run.id(), run.sessionId(), fitted(event)).ifPresent(stored::add);
        }
        for (NetworkEventView view : stored) {
            log.append(run.sessionId(), run.id(), EventType.NETWORK_CONNECTION, view);
        }
        return new NetworkEventsReceipt(batch.size(), stored.size());
    }

    /** The caller's session's events (NOT_FOUND or FORBIDDEN as every session endpoint answers), oldest first. */
    @Transactional(readOnly = true)
    List<NetworkEventView> list(Caller caller, UUID sessionId, @Nullable UUID runId, int limit, int offset) {
        sessions.requireReadable(caller, sessionId);
        return events.list(sessionId, runId, limit, offset);
    }

    /**
     * Texts cut to their columns. A gate reports what the sandbox asked for, which may be anything; a long URL must
     * not make the runner's whole batch fail and be retried forever.
     */
    private static NetworkEvent fitted(NetworkEvent e) {
        return new NetworkEvent(e.seq(), Texts.truncate(e.host(), 255), e.port(), Texts.truncate(e.method(), 16),
                cut(e.url(), 4000), cut(e.address(), 64), e.allowed(), Texts.truncate(e.reason(), 1000), e.bytesUp(),
                e.bytesDown(), e.startedAt(), e.durationMs(), cut(e.toolUseId(), 255));
    }

    private static @Nullable String cut(@Nullable String value, int max) {
        return Optional.ofNullable(value).map(v -> Texts.truncate(v, max)).orElse(null);
    }
}
