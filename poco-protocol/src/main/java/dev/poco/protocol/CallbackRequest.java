package dev.poco.protocol;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /api/v1/callback}: one step of a run. poco's AgentCallbackRequest plus two optional
 * fields of ours: {@code run_id} names the run the step belongs to (poco guesses the newest active
 * run of the session) and {@code seq}, numbered from 1 per run, makes the callback idempotent: a
 * replayed (run_id, seq) is acknowledged and not stored again. A terminal callback may also carry {@code
 * gateway_usage}, the tokens the runner's model gateway metered, which the server records as the run's usage.
 *
 * @param sessionId the backend session UUID or the SDK session id
 * @param newMessage one serialized SDK message ({@code _type}-tagged, see {@link SdkTypes})
 * @param statePatch despite the name, the full current agent state
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CallbackRequest(
        String sessionId,
        @Nullable OffsetDateTime time,
        CallbackStatus status,
        int progress,
        @Nullable String errorMessage,
        @Nullable JsonNode newMessage,
        @Nullable AgentState statePatch,
        @Nullable String sdkSessionId,
        @Nullable String workspaceFilesPrefix,
        @Nullable String workspaceManifestKey,
        @Nullable String workspaceArchiveKey,
        @Nullable String workspaceExportStatus,
        @Nullable UUID runId,
        @Nullable Long seq,
        @Nullable GatewayUsage gatewayUsage) {

    /** A callback carrying only status, progress and optionally one message and the state. */
    public static CallbackRequest of(UUID sessionId, UUID runId, long seq, CallbackStatus status, int progress,
            @Nullable JsonNode newMessage, @Nullable AgentState state, @Nullable String errorMessage) {
        return new CallbackRequest(sessionId.toString(), OffsetDateTime.now(), status, progress, errorMessage,
                newMessage, state, null, null, null, null, null, runId, seq, null);
    }

    /** This callback carrying the gateway's metered usage. */
    public CallbackRequest withGatewayUsage(@Nullable GatewayUsage usage) {
        return new CallbackRequest(sessionId, time, status, progress, errorMessage, newMessage, statePatch,
                sdkSessionId, workspaceFilesPrefix, workspaceManifestKey, workspaceArchiveKey, workspaceExportStatus,
                runId, seq, usage);
    }
}
