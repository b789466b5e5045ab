package dev.poco.server.conversations;

import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.Json;
import dev.poco.server.common.Texts;
import dev.poco.server.messages.Message;
import dev.poco.server.messages.MessageService;
import dev.poco.server.network.NetworkPolicies;
import dev.poco.server.projects.ProjectService;
import dev.poco.server.questions.UserInputService;
import dev.poco.server.runs.Run;
import dev.poco.server.runs.RunLifecycle;
import dev.poco.server.runs.RunService;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionService;
import dev.poco.server.sessions.SessionPatch;
import dev.poco.server.tasks.TaskEnqueued;
import dev.poco.server.tools.ToolExecutionService;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.PessimisticLockingFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cancel, delete, regenerate and edit (reference §3.3, §3.4), with poco's faults fixed: deleting a
 * session cancels its unfinished runs (poco left them queued, blocking nothing but wasting a
 * runner), cancel also closes tool calls whose result is JSON null, and regenerate/edit refuse to
 * run while a run of the session is active instead of deleting it from under its runner.
 */
@Service
class ConversationService {

    private static final Logger log = LoggerFactory.getLogger(ConversationService.class);
    /** A deadlock victim is retried at once, a few times; lock waits, not this, take the time. */
    private static final RetryTemplate CANCEL_RETRY = cancelRetry();

    private static RetryTemplate cancelRetry() {
        RetryTemplate retry = new RetryTemplate(RetryPolicy.builder()
                .includes(PessimisticLockingFailureException.class).maxRetries(5).delay(Duration.ofMillis(20)).build());
        retry.setRetryListener(new RetryListener() {
            @Override
            public void beforeRetry(RetryPolicy policy, Retryable<?> retryable, RetryState state) {
                log.info("A session cancel met a run being failed at the same moment (deadlock); retrying");
            }
        });
        return retry;
    }

    private final SessionService sessions;
    private final MessageService messages;
    private final RunService runs;
    private final RunLifecycle lifecycle;
    private final ToolExecutionService tools;
    private final UserInputService questions;
    private final Json json;
    private final TransactionTemplate tx;
    private final ProjectService projects;
    private final NetworkPolicies network;

    ConversationService(SessionService sessions, MessageService messages, RunService runs, RunLifecycle lifecycle,
            ToolExecutionService tools, UserInputService questions, Json json, TransactionTemplate tx,
            ProjectService projects, NetworkPolicies network) {
        this.projects = projects;
        this.network = network;
        this.sessions = sessions;
        this.messages = messages;
        this.runs = runs;
        this.lifecycle = lifecycle;
        this.tools = tools;
        this.questions = questions;
        this.json = json;
        this.tx = tx;
    }

    record CancelResult(UUID sessionId, String status, int canceledRuns, int expiredUserInputRequests,
            boolean executorCancelled) {}

    /**
     * Cancels in one transaction, retried when PostgreSQL broke a deadlock by aborting it. Cancel, like callbacks and
     * runner calls, locks the session and then its runs; the run reaper locks a silent run and then writes its
     * session (and any path that does so later would too). When the two meet, PostgreSQL aborts one of them; when
     * that was the cancel, the user got a 500 and a client polling the session saw the other side's status instead
     * of "canceled". The cancel is idempotent, so it simply runs again, and returns only once "canceled" is committed.
     */
    CancelResult cancel(Caller caller, UUID sessionId, @Nullable String reason) {
        return CANCEL_RETRY.invoke(() -> tx.execute(status -> cancelOnce(caller, sessionId, reason)));
    }

    private CancelResult cancelOnce(Caller caller, UUID sessionId, @Nullable String reason) {
        sessions.requireEditable(caller, sessionId);
        sessions.lock(sessionId);
        Stopped stopped = stopWork(sessionId, reason);
        Session canceled = lifecycle.sessionCanceled(sessionId);
        return new CancelResult(sessionId, canceled.status(), stopped.runs().size(), stopped.questions(),
                stopped.runs().stream().anyMatch(r -> r.status().isActive()));
    }

    @Transactional
    void delete(Caller caller, UUID sessionId) {
        sessions.require(caller, sessionId);
        sessions.lock(sessionId);
        stopWork(sessionId, "session deleted");
        sessions.markDeleted(sessionId);
    }

    private record Stopped(List<Run> runs, int questions) {}

    private Stopped stopWork(UUID sessionId, @Nullable String reason) {
        List<Run> before = runs.allOfSession(sessionId).stream().filter(r -> !r.status().isTerminal()).toList();
        List<Run> canceled = lifecycle.cancelRuns(sessionId);
        int expired = questions.expirePending(sessionId);
        String text = Texts.isBlank(reason) ? "Canceled" : "Canceled: " + reason.strip();
        tools.closeUnfinished(sessionId, null, text);
        // report the statuses the runs had before canceling (active ones had a runner to stop)
        List<Run> reported = before.isEmpty() ? canceled : before;
        return new Stopped(reported, expired);
    }

    @Transactional
    TaskEnqueued regenerate(Caller caller, UUID sessionId, long userMessageId, long assistantMessageId) {
        Session session = sessions.requireEditable(caller, sessionId);
        sessions.lock(sessionId);
        requireIdle(sessionId);
        userMessage(sessionId, userMessageId);
        Message assistant = messages.find(assistantMessageId).filter(m -> m.sessionId().equals(sessionId))
                .filter(m -> m.role().equals("assistant"))
                .orElseThrow(() -> new BadRequestException("assistant_message_id is invalid for this session"));
        if (assistant.id() <= userMessageId) {
            throw new BadRequestException("assistant_message_id must be after user_message_id");
        }
        return requeue(session, userMessageId, assistantMessageId, false);
    }

    @Transactional
    TaskEnqueued edit(Caller caller, UUID sessionId, long userMessageId, String content) {
        Session session = sessions.requireEditable(caller, sessionId);
        sessions.lock(sessionId);
        requireIdle(sessionId);
        userMessage(sessionId, userMessageId);
        String text = content.strip();
        if (text.isEmpty()) {
            throw new BadRequestException("content cannot be empty");
        }
        messages.replaceUserPrompt(userMessageId, text);
        return requeue(session, userMessageId, userMessageId + 1, true);
    }

    /** Shared tail of regenerate and edit: prune history, expire questions, queue the prompt again. */
    private TaskEnqueued requeue(Session session, long userMessageId, long deleteMessagesFrom, boolean freshThread) {
        UUID sessionId = session.id();
        Run previous = runs.latestForMessage(sessionId, userMessageId).orElse(null);
        String permissionMode = previous == null ? "default" : previous.permissionMode();
        JsonNode inputFiles = previous == null || previous.configSnapshot() == null ? null
                : previous.configSnapshot().get("input_files");
        runs.deleteFromMessage(sessionId, userMessageId);
        messages.deleteFrom(sessionId, deleteMessagesFrom);
        questions.expirePending(sessionId);

        ObjectNode runConfig = session.configSnapshot() != null && session.configSnapshot().isObject()
                ? ((ObjectNode) session.configSnapshot()).deepCopy() : json.object();
        if (inputFiles != null && !inputFiles.isNull()) {
            runConfig.set("input_files", inputFiles);
        }
        // the policy as it is now (settings, project), not the previous run's: a regenerated run is a new run
        network.applyTo(runConfig, projects.networkOf(session.userId(), session.projectId()));
        SessionPatch fields = SessionPatch.NONE.statePatch(json.object());
        lifecycle.queueing(sessionId, freshThread ? fields.sdkSessionId(null) : fields);
        Run run = lifecycle.enqueue(sessionId, userMessageId, permissionMode, "immediate", null, runConfig, null);
        return new TaskEnqueued(sessionId, run.id(), run.status().wire());
    }

    private void userMessage(UUID sessionId, long userMessageId) {
        if (messages.find(userMessageId).filter(m -> m.sessionId().equals(sessionId))
                .filter(m -> m.role().equals("user")).isEmpty()) {
            throw new BadRequestException("user_message_id is invalid for this session");
        }
    }

    private void requireIdle(UUID sessionId) {
        boolean busy = runs.allOfSession(sessionId).stream().anyMatch(r -> r.status().isActive());
        if (busy) {
            throw new ConflictException(ErrorCode.BAD_REQUEST,
                    "The session is still running; cancel it or wait for it to finish first");
        }
    }
}
