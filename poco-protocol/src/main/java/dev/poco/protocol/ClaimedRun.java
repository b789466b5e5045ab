package dev.poco.protocol;

import dev.poco.protocol.spec.ConfigSnapshotReader;
import dev.poco.protocol.spec.RunSpec;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What a successful claim returns: poco's shape (the run, its owner, the prompt text, the run's
 * config snapshot or the session's when the run has none, the SDK session id to resume), plus
 * {@code spec}, the same run typed. Poco's runner now reads only {@code spec}; the poco fields stay
 * on the wire so clients written for poco's claim keep working.
 *
 * <p>{@code previousRunId} (ours, not poco's) is the session's latest run before this one, whatever
 * its status, or null for the session's first run. A runner that kept the CLI of that run alive
 * (a hot session) continues on it only when this is the run right after the one the CLI served:
 * a regenerate or edit deletes that run, another runner's run in between becomes the previous one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClaimedRun(
        RunView run,
        String userId,
        String prompt,
        @Nullable JsonNode configSnapshot,
        @Nullable String sdkSessionId,
        RunSpec spec,
        @Nullable UUID previousRunId) {

    /**
     * The owner of every run when the server has one user (poco's default, and Poco's single-user mode): what a
     * runner's warm pool starts for before a new session of another user retargets it.
     */
    public static final String SINGLE_USER = "default";

    // A claim answer without a spec (poco's own backend, or a Poco server older than the spec) is
    // read from its poco fields, exactly as the server builds the spec.
    @SuppressWarnings("ConstantConditions")
    public ClaimedRun {
        if (spec == null) {
            spec = ConfigSnapshotReader.read(configSnapshot, prompt == null ? "" : prompt,
                    run == null ? null : run.permissionMode(), sdkSessionId);
        }
    }

    /** A claim with no previous run named (poco's shape). */
    public ClaimedRun(RunView run, String userId, String prompt, @Nullable JsonNode configSnapshot,
            @Nullable String sdkSessionId, RunSpec spec) {
        this(run, userId, prompt, configSnapshot, sdkSessionId, spec, null);
    }

    /** The claim as the server builds it: the spec read from the poco fields. */
    public static ClaimedRun of(RunView run, String userId, String prompt, @Nullable JsonNode configSnapshot,
            @Nullable String sdkSessionId) {
        return of(run, userId, prompt, configSnapshot, sdkSessionId, null);
    }

    /** {@link #of(RunView, String, String, JsonNode, String)} naming the session's run before this one. */
    public static ClaimedRun of(RunView run, String userId, String prompt, @Nullable JsonNode configSnapshot,
            @Nullable String sdkSessionId, @Nullable UUID previousRunId) {
        return new ClaimedRun(run, userId, prompt, configSnapshot, sdkSessionId,
                ConfigSnapshotReader.read(configSnapshot, prompt, run.permissionMode(), sdkSessionId), previousRunId);
    }
}
