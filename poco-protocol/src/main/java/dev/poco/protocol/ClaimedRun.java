package dev.poco.protocol;

import dev.poco.protocol.spec.ConfigSnapshotReader;
import dev.poco.protocol.spec.RunSpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What a successful claim returns: poco's shape (the run, its owner, the prompt text, the run's
 * config snapshot or the session's when the run has none, the SDK session id to resume), plus
 * {@code spec}, the same run typed. Poco's runner now reads only {@code spec}; the poco fields stay
 * on the wire so clients written for poco's claim keep working.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClaimedRun(
        RunView run,
        String userId,
        String prompt,
        @Nullable JsonNode configSnapshot,
        @Nullable String sdkSessionId,
        RunSpec spec) {

    // A claim answer without a spec (poco's own backend, or a Poco server older than the spec) is
    // read from its poco fields, exactly as the server builds the spec.
    @SuppressWarnings("ConstantConditions")
    public ClaimedRun {
        if (spec == null) {
            spec = ConfigSnapshotReader.read(configSnapshot, prompt == null ? "" : prompt,
                    run == null ? null : run.permissionMode(), sdkSessionId);
        }
    }

    /** The claim as the server builds it: the spec read from the poco fields. */
    public static ClaimedRun of(RunView run, String userId, String prompt, @Nullable JsonNode configSnapshot,
            @Nullable String sdkSessionId) {
        return new ClaimedRun(run, userId, prompt, configSnapshot, sdkSessionId,
                ConfigSnapshotReader.read(configSnapshot, prompt, run.permissionMode(), sdkSessionId));
    }
}
