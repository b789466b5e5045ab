package dev.poco.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * Kinds of session events, with their wire names (the SSE {@code event:} field). Wire names are
 * fixed here and never derived from Java class names. The payload of each is the REST view of the
 * resource named in the comment.
 */
public enum EventType {
    /** SessionResponse; any change of title, status, project, config or SDK session id. */
    SESSION_UPDATED("session.updated"),
    /** {@code {"session_id": …}}; the session was deleted. */
    SESSION_DELETED("session.deleted"),
    /** MessageResponse. */
    MESSAGE_CREATED("message.created"),
    /** {@code {"message_ids": [...]}}; history pruned by regenerate or edit. */
    MESSAGES_DELETED("messages.deleted"),
    /** ToolExecutionResponse; the agent called a tool. */
    TOOL_STARTED("tool.started"),
    /** ToolExecutionResponse; the tool's result arrived (or it was closed by cancel). */
    TOOL_FINISHED("tool.finished"),
    /** AgentCurrentState: todos, current step, progress, workspace changes. */
    STATE_UPDATED("state.updated"),
    /** UserInputRequestResponse; the agent asks the user, or for plan approval. */
    QUESTION_OPENED("question.opened"),
    /** UserInputRequestResponse; answered or expired. */
    QUESTION_CLOSED("question.closed"),
    /** RunResponse; queued, claimed, started, progress, finished, failed or canceled. */
    RUN_UPDATED("run.updated"),
    /** UsageResponse of one ResultMessage plus {@code run_id}. */
    USAGE_RECORDED("usage.recorded"),
    /** NetworkEventResponse; the run's egress gate opened or refused a connection. */
    NETWORK_CONNECTION("network.connection");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<EventType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}
