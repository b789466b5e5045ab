package dev.poco.server.questions;

import dev.poco.protocol.CreateUserInputRequest;
import dev.poco.protocol.EventType;
import dev.poco.protocol.UserInputRequestView;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.ChangeNotifier;
import dev.poco.server.common.ChangeNotifiers;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.PgNotifications;
import dev.poco.server.events.SessionEvents;
import dev.poco.server.runs.RunAbandoned;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Questions to the user. Every status change is a session event and a NOTIFY on
 * {@value #CHANNEL}, which wakes runners long-polling {@link #awaitOutcome}.
 */
@Service
public class UserInputService {

    static final String CHANNEL = "user_input_requests";
    /** poco's default expiry when the runner gives none. */
    static final int DEFAULT_EXPIRY_SECONDS = 60;

    private final UserInputRepository requests;
    private final SessionService sessions;
    private final SessionEvents events;
    private final JdbcClient jdbc;
    private final ChangeNotifier changes;
    private final TransactionTemplate tx;

    UserInputService(UserInputRepository requests, SessionService sessions, SessionEvents events, JdbcClient jdbc,
            ChangeNotifiers notifiers, TransactionTemplate tx) {
        this.requests = requests;
        this.sessions = sessions;
        this.events = events;
        this.jdbc = jdbc;
        this.changes = notifiers.on(CHANNEL, payload -> payload);
        this.tx = tx;
    }

    @Transactional
    public UserInputRequestView create(CreateUserInputRequest request) {
        if (sessions.find(request.sessionId()).isEmpty()) {
            throw new NotFoundException("Session not found: " + request.sessionId());
        }
        UserInputRequestView created = requests.insert(request.sessionId(), request.toolName(), request.toolInput(),
                request.expiresAt(), DEFAULT_EXPIRY_SECONDS);
        announce(created, EventType.QUESTION_OPENED);
        return created;
    }

    /** Internal read: expires a past-due pending request first (poco's lazy expiry). */
    @Transactional
    public UserInputRequestView get(UUID id) {
        UserInputRequestView current = requests.find(id)
                .orElseThrow(() -> new NotFoundException("User input request not found"));
        return expireIfDue(current);
    }

    /**
     * Waits up to {@code wait} for the request to leave {@code pending} (answered, or expired at
     * its deadline) and returns it as it then is.
     */
    public UserInputRequestView awaitOutcome(UUID id, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            try (ChangeNotifier.Watch watch = changes.watch(id.toString())) {
                UserInputRequestView current = tx.execute(s -> get(id));
                if (!UserInputRequestView.PENDING.equals(current.status())) {
                    return current;
                }
                Instant until = current.expiresAt().toInstant().isBefore(deadline)
                        ? current.expiresAt().toInstant().plusMillis(20) : deadline;
                Duration remaining = Duration.between(Instant.now(), until);
                if (Instant.now().isAfter(deadline) || changes.stopping()) {
                    return current;
                }
                watch.await(remaining);
            }
        }
    }

    @Transactional(readOnly = true)
    public List<UserInputRequestView> pending(Caller caller, @Nullable UUID sessionId) {
        if (sessionId != null && sessions.find(sessionId).filter(s -> sessions.canRead(caller, s)).isPresent()) {
            return requests.pendingForSession(sessionId); // a shared session's questions too
        }
        return requests.pendingForUser(caller.userId(), sessionId);
    }

    @Transactional(noRollbackFor = ConflictException.class)
    public UserInputRequestView answer(Caller caller, UUID id, JsonNode answers) {
        UserInputRequestView request = requests.lock(id)
                .orElseThrow(() -> new NotFoundException("User input request not found"));
        Optional<Session> session = sessions.find(request.sessionId());
        if (session.isEmpty()) {
            throw new ForbiddenException("User input request does not belong to the user");
        }
        sessions.checkEditable(caller, session.get(), "User input request does not belong to the user");
        if (!UserInputRequestView.PENDING.equals(request.status())) {
            throw new ConflictException(ErrorCode.BAD_REQUEST, "Request is not pending: " + request.status());
        }
        UserInputRequestView expired = expireIfDue(request);
        if (!UserInputRequestView.PENDING.equals(expired.status())) {
            throw new ConflictException(ErrorCode.BAD_REQUEST, "Request expired");
        }
        UserInputRequestView answered = requests.answer(id, answers);
        announce(answered, EventType.QUESTION_CLOSED);
        return answered;
    }

    /** Expires the pending requests of a session (cancel, regenerate, edit). */
    @Transactional
    public int expirePending(UUID sessionId) {
        List<UserInputRequestView> expired = requests.expirePendingOfSession(sessionId);
        expired.forEach(r -> announce(r, EventType.QUESTION_CLOSED));
        return expired.size();
    }

    /** Nobody is left to pass a lost runner's questions on: expire them (again harmless after a redelivery). */
    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void onRunAbandoned(RunAbandoned abandoned) {
        expirePending(abandoned.sessionId());
    }

    /** Eager expiry, so open streams learn of a missed deadline without anyone reading it. */
    @Scheduled(fixedDelayString = "${poco.questions.sweep-interval-millis:1000}")
    void expireOverdue() {
        tx.executeWithoutResult(s -> requests.expireAllDue(200).forEach(r -> announce(r, EventType.QUESTION_CLOSED)));
    }

    private UserInputRequestView expireIfDue(UserInputRequestView request) {
        if (!UserInputRequestView.PENDING.equals(request.status())
                || request.expiresAt().toInstant().isAfter(Instant.now())) {
            return request;
        }
        Optional<UserInputRequestView> expired = requests.expireIfDue(request.id());
        expired.ifPresent(r -> announce(r, EventType.QUESTION_CLOSED));
        return expired.orElseGet(() -> requests.find(request.id()).orElse(request));
    }

    private void announce(UserInputRequestView request, EventType type) {
        events.append(request.sessionId(), null, type, request);
        PgNotifications.notify(jdbc, CHANNEL, request.id().toString());
    }
}
