package dev.poco.server.runs;

import dev.poco.protocol.ClaimBatchRequest;
import dev.poco.protocol.ClaimRequest;
import dev.poco.protocol.ClaimedRun;
import dev.poco.protocol.Envelope;
import dev.poco.protocol.FailRunRequest;
import dev.poco.protocol.HeartbeatRequest;
import dev.poco.protocol.RunDirective;
import dev.poco.protocol.RunStatus;
import dev.poco.protocol.RunView;
import dev.poco.protocol.WorkerRequest;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.ValidationException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** poco's runs API. Claim, release, start, fail, heartbeat and watch need the runner token. */
@RestController
class RunController {

    private final RunService runs;

    RunController(RunService runs) {
        this.runs = runs;
    }

    @PostMapping("/api/v1/runs/claim")
    Envelope<ClaimedRun> claim(@RequestBody ClaimRequest request) {
        Optional<ClaimedRun> claimed = runs.claim(request);
        return claimed.map(c -> Envelope.ok("Run claimed", c)).orElseGet(() -> Envelope.ok("No runs", null));
    }

    /**
     * Poco's batch claim: up to {@code max} runs for one worker in one call, so a runner with many free
     * slots does not send one long-poll per slot. Waits like the claim; {@code data} is the list of runs
     * claimed, empty when the wait ended with nothing. poco's {@code /runs/claim} is unchanged.
     */
    @PostMapping("/api/v1/internal/runs/claims")
    Envelope<List<ClaimedRun>> claimBatch(@RequestBody ClaimBatchRequest request) {
        List<ClaimedRun> claimed = runs.claimBatch(request);
        return Envelope.ok(claimed.isEmpty() ? "No runs" : claimed.size() + " run(s) claimed", claimed);
    }

    /**
     * A runner that stops says so: its pending claim long-polls end empty and nothing more is handed to them,
     * and the runs it claimed but did not start are queued again at once (not after their lease).
     */
    @PostMapping("/api/v1/internal/runs/claims/release")
    Envelope<ClaimRelease> releaseClaims(@RequestBody WorkerRequest request) {
        return Envelope.ok("Claims released", new ClaimRelease(runs.releaseClaims(request.workerId()).size()));
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ClaimRelease(int requeuedRuns) {}

    @PostMapping("/api/v1/runs/{runId}/start")
    Envelope<RunView> start(@PathVariable UUID runId, @RequestBody WorkerRequest request) {
        return Envelope.ok("Run started", runs.start(runId, request.workerId()));
    }

    @PostMapping("/api/v1/runs/{runId}/fail")
    Envelope<RunView> fail(@PathVariable UUID runId, @RequestBody FailRunRequest request) {
        if (request.errorMessage() != null && request.errorMessage().length() > 100_000) {
            throw ValidationException.of("error_message", "must be at most 100000 characters");
        }
        return Envelope.ok("Run failed", runs.fail(runId, request.workerId(), request.errorMessage()));
    }

    @PostMapping("/api/v1/runs/{runId}/heartbeat")
    Envelope<RunDirective> heartbeat(@PathVariable UUID runId, @RequestBody HeartbeatRequest request) {
        return Envelope.ok(runs.heartbeat(runId, request));
    }

    /**
     * Long-poll for a runner: answers when the run's status is no longer {@code status} (for
     * example the user canceled it) or after {@code wait_seconds}.
     */
    @GetMapping("/api/v1/runs/{runId}/watch")
    Envelope<RunDirective> watch(@PathVariable UUID runId,
            @RequestParam(name = "status", required = false) @Nullable String status,
            @RequestParam(name = "wait_seconds", defaultValue = "25") @Min(0) @Max(60) int waitSeconds) {
        RunStatus known = null;
        if (status != null) {
            try {
                known = RunStatus.fromWire(status);
            } catch (IllegalArgumentException e) {
                throw ValidationException.of("status", "must be a run status");
            }
        }
        return Envelope.ok(runs.watch(runId, known, Duration.ofSeconds(waitSeconds)));
    }

    @GetMapping("/api/v1/runs/{runId}")
    Envelope<RunView> get(Caller caller, @PathVariable UUID runId) {
        return Envelope.ok(runs.get(caller, runId));
    }

    @GetMapping("/api/v1/runs/session/{sessionId}")
    Envelope<List<RunView>> bySession(Caller caller, @PathVariable UUID sessionId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return Envelope.ok(runs.listBySession(caller, sessionId, limit, offset));
    }
}
