package dev.poco.server.tools;

import dev.poco.protocol.EventType;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.Json;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.events.SessionEvents;
import dev.poco.server.runs.RunAbandoned;
import dev.poco.server.sessions.SessionService;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Tool executions as reported by runs; emits {@code tool.started} and {@code tool.finished}. */
@Service
public class ToolExecutionService {

    private final ToolExecutionRepository executions;
    private final SessionService sessions;
    private final SessionEvents events;
    private final Json json;

    ToolExecutionService(ToolExecutionRepository executions, SessionService sessions, SessionEvents events, Json json) {
        this.executions = executions;
        this.sessions = sessions;
        this.events = events;
        this.json = json;
    }

    @Transactional
    public ToolExecution recordUse(UUID sessionId, @Nullable UUID runId, long messageId, String toolUseId, String name,
            @Nullable JsonNode input) {
        ToolExecution execution = executions.upsertUse(sessionId, messageId, toolUseId, name, input);
        events.append(sessionId, runId, EventType.TOOL_STARTED, ToolExecutionView.of(execution));
        return execution;
    }

    /** Stores {@code {"content": content}} as the output of the call. */
    @Transactional
    public ToolExecution recordResult(UUID sessionId, @Nullable UUID runId, long resultMessageId, String toolUseId,
            @Nullable JsonNode content, boolean isError) {
        ObjectNode output = json.object();
        output.set("content", content == null ? json.toTree(null) : content);
        ToolExecution execution = executions.recordResult(sessionId, resultMessageId, toolUseId, output, isError);
        events.append(sessionId, runId, EventType.TOOL_FINISHED, ToolExecutionView.of(execution));
        return execution;
    }

    /** Marks unfinished calls as failed with "Canceled" or "Canceled: reason" (poco's cancel). */
    @Transactional
    public int closeUnfinished(UUID sessionId, @Nullable UUID runId, String text) {
        ObjectNode output = json.object();
        output.put("content", text);
        List<ToolExecution> closed = executions.closeUnfinished(sessionId, output);
        closed.forEach(t -> events.append(sessionId, runId, EventType.TOOL_FINISHED, ToolExecutionView.of(t)));
        return closed.size();
    }

    /** A lost runner's open tool calls will never get a result: fail them (again harmless after a redelivery). */
    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void onRunAbandoned(RunAbandoned abandoned) {
        closeUnfinished(abandoned.sessionId(), abandoned.runId(), "Failed: the runner was lost");
    }

    @Transactional(readOnly = true)
    public ToolExecution require(Caller caller, UUID id) {
        ToolExecution execution = executions.find(id).orElseThrow(() -> new NotFoundException("Tool execution not found"));
        var session = sessions.find(execution.sessionId())
                .orElseThrow(() -> new NotFoundException("Session not found: " + execution.sessionId()));
        sessions.checkReadable(caller, session, "Tool execution does not belong to the user");
        return execution;
    }

    @Transactional(readOnly = true)
    public List<ToolExecution> list(UUID sessionId, int limit, int offset) {
        return executions.list(sessionId, limit, offset);
    }

    @Transactional(readOnly = true)
    public List<ToolExecution> delta(UUID sessionId, @Nullable OffsetDateTime after, @Nullable UUID afterId, int limit) {
        return executions.delta(sessionId, after, afterId, limit);
    }
}
