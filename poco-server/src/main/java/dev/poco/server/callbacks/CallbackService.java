package dev.poco.server.callbacks;

import dev.poco.protocol.CallbackDisposition;
import dev.poco.protocol.CallbackRequest;
import dev.poco.protocol.CallbackResponse;
import dev.poco.protocol.SdkTypes;
import dev.poco.server.common.Texts;
import dev.poco.server.messages.Message;
import dev.poco.server.messages.MessageService;
import dev.poco.server.messages.SdkMessages;
import dev.poco.server.runs.Run;
import dev.poco.server.runs.RunLifecycle;
import dev.poco.server.runs.RunService;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionService;
import dev.poco.server.sessions.SessionPatch;
import dev.poco.server.tools.ToolExecutionService;
import dev.poco.server.usage.UsageService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Applies one callback in one transaction; every stored change is also a session event. */
@Service
class CallbackService {

    private final SessionService sessions;
    private final MessageService messages;
    private final ToolExecutionService tools;
    private final UsageService usage;
    private final RunService runs;
    private final RunLifecycle lifecycle;
    private final JdbcClient jdbc;

    CallbackService(SessionService sessions, MessageService messages, ToolExecutionService tools, UsageService usage,
            RunService runs, RunLifecycle lifecycle, JdbcClient jdbc) {
        this.sessions = sessions;
        this.messages = messages;
        this.tools = tools;
        this.usage = usage;
        this.runs = runs;
        this.lifecycle = lifecycle;
        this.jdbc = jdbc;
    }

    /**
     * What one transaction already loaded: a batch of a runner's callbacks names the same session
     * and run again and again, and both stay locked (the session) or are only changed here.
     */
    private static final class Loaded {
        final Map<String, Optional<Session>> sessions = new HashMap<>();
        final Map<String, Optional<Run>> runs = new HashMap<>();
    }

    /** Applies callbacks in order in one transaction. */
    @Transactional
    List<CallbackResponse> processAll(List<CallbackRequest> batch) {
        Loaded loaded = new Loaded();
        List<CallbackResponse> answers = new ArrayList<>(batch.size());
        for (CallbackRequest callback : batch) {
            answers.add(process(callback, loaded));
        }
        return answers;
    }

    @Transactional
    CallbackResponse process(CallbackRequest callback) {
        return process(callback, new Loaded());
    }

    private CallbackResponse process(CallbackRequest callback, Loaded loaded) {
        String wireStatus = callback.status().wire();
        Optional<Session> found = Texts.isBlank(callback.sessionId()) ? Optional.empty()
                : loaded.sessions.computeIfAbsent(callback.sessionId(), sessions::lockForCallback);
        if (found.isEmpty()) {
            return new CallbackResponse(callback.sessionId(), "callback_received", null, "Session not found yet",
                    CallbackDisposition.SESSION_NOT_FOUND);
        }
        Session session = found.get();
        if (session.isCanceled()) {
            return new CallbackResponse(session.id().toString(), session.status(), wireStatus,
                    "Session canceled; callback dropped", CallbackDisposition.SESSION_CANCELED);
        }
        String runKey = session.id() + "/" + callback.runId();
        Run run = loaded.runs.computeIfAbsent(runKey, k -> runs.runForCallback(session.id(), callback.runId()))
                .orElse(null);
        if (callback.runId() != null && run == null) {
            return new CallbackResponse(session.id().toString(), session.status(), wireStatus,
                    "Run " + callback.runId() + " is not a run of this session; callback dropped",
                    CallbackDisposition.RUN_NOT_IN_SESSION);
        }
        if (callback.runId() != null && callback.seq() != null && !firstDelivery(callback.runId(), callback.seq())) {
            return new CallbackResponse(session.id().toString(), session.status(), wireStatus,
                    "Duplicate callback ignored", CallbackDisposition.DUPLICATE);
        }
        if (run != null && callback.runId() != null && run.status().isTerminal()) {
            return new CallbackResponse(session.id().toString(), session.status(), wireStatus,
                    "Run already " + run.status().wire() + "; callback dropped", CallbackDisposition.RUN_FINISHED);
        }
        UUID runId = run == null ? null : run.id();

        if (callback.newMessage() != null && !callback.newMessage().isNull()) {
            storeMessage(session.id(), runId, callback.newMessage());
        }
        if (callback.statePatch() != null) {
            sessions.setState(session.id(), runId, callback.statePatch());
        }
        if (runId != null && callback.gatewayUsage() != null && callback.status().isTerminal()) {
            // what the runner's gateway metered beats what the sandbox's CLI said it used
            usage.recordMetered(session.id(), runId, callback.gatewayUsage());
        }
        RunLifecycle.CallbackOutcome outcome = lifecycle.applyCallback(session, run, callback.status(),
                callback.progress(), callback.errorMessage(), sessionFields(session, callback));
        Run updatedRun = outcome.run();
        Session after = outcome.session();
        loaded.sessions.put(callback.sessionId(), Optional.of(after));
        if (updatedRun != null) {
            // named runs stay what they are; "the newest active run" is gone once this one finished
            loaded.runs.put(runKey, callback.runId() != null || updatedRun.status().isActive()
                    ? Optional.of(updatedRun) : Optional.empty());
        }
        return new CallbackResponse(after.id().toString(), after.status(), wireStatus, null,
                CallbackDisposition.APPLIED);
    }

    private boolean firstDelivery(UUID runId, long seq) {
        return jdbc.sql("INSERT INTO run_callback_receipts (run_id, seq) VALUES (:run, :seq) ON CONFLICT DO NOTHING")
                .param("run", runId).param("seq", seq).update() == 1;
    }

    private void storeMessage(UUID sessionId, @Nullable UUID runId, JsonNode content) {
        Message message = messages.append(sessionId, runId, content);
        JsonNode blocks = content.get("content");
        if (blocks != null && blocks.isArray()) {
            for (JsonNode block : blocks) {
                if (SdkMessages.is(block, SdkTypes.TOOL_USE_BLOCK)) {
                    String id = text(block.get("id"));
                    String name = text(block.get("name"));
                    if (id != null && name != null) {
                        tools.recordUse(sessionId, runId, message.id(), Texts.truncate(id, 255),
                                Texts.truncate(name, 100), block.get("input"));
                    }
                } else if (SdkMessages.is(block, SdkTypes.TOOL_RESULT_BLOCK)) {
                    String useId = text(block.get("tool_use_id"));
                    if (useId != null) {
                        tools.recordResult(sessionId, runId, message.id(), Texts.truncate(useId, 255),
                                block.get("content"), block.path("is_error").asBoolean(false));
                    }
                }
            }
        }
        if (SdkMessages.is(content, SdkTypes.RESULT_MESSAGE) && content.path("usage").isObject()) {
            JsonNode cost = content.get("total_cost_usd");
            JsonNode duration = content.get("duration_ms");
            usage.record(sessionId, runId, cost != null && cost.isNumber() ? cost.decimalValue() : null,
                    duration != null && duration.canConvertToInt() ? duration.asInt() : null, content.get("usage"));
        }
    }

    /** What the callback reports about the session besides its status: the SDK session id and workspace keys. */
    private static SessionPatch sessionFields(Session session, CallbackRequest callback) {
        SessionPatch patch = SessionPatch.NONE;
        String sdkId = callback.sdkSessionId() != null ? callback.sdkSessionId() : sdkSessionIdOf(callback.newMessage());
        if (sdkId != null && !sdkId.isBlank() && !sdkId.equals(session.sdkSessionId())) {
            patch = patch.sdkSessionId(Texts.truncate(sdkId, 255));
        }
        if (callback.workspaceFilesPrefix() != null) {
            patch = patch.workspaceFilesPrefix(Texts.truncate(callback.workspaceFilesPrefix(), 4000));
        }
        if (callback.workspaceManifestKey() != null) {
            patch = patch.workspaceManifestKey(Texts.truncate(callback.workspaceManifestKey(), 4000));
        }
        if (callback.workspaceArchiveKey() != null) {
            patch = patch.workspaceArchiveKey(Texts.truncate(callback.workspaceArchiveKey(), 4000));
        }
        if (callback.workspaceExportStatus() != null) {
            patch = patch.workspaceExportStatus(Texts.truncate(callback.workspaceExportStatus(), 50));
        }
        return patch;
    }

    /** poco derives the SDK session id from a ResultMessage or the init SystemMessage. */
    static @Nullable String sdkSessionIdOf(@Nullable JsonNode message) {
        if (message == null) {
            return null;
        }
        if (SdkMessages.is(message, SdkTypes.RESULT_MESSAGE)) {
            return text(message.get("session_id"));
        }
        if (SdkMessages.is(message, SdkTypes.SYSTEM_MESSAGE) && "init".equals(text(message.get("subtype")))) {
            JsonNode data = message.path("data");
            String nested = text(data.path("data").get("session_id"));
            return nested != null ? nested : text(data.get("session_id"));
        }
        return null;
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        return node != null && node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }
}
