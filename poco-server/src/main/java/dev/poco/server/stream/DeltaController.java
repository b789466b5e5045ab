package dev.poco.server.stream;

import dev.poco.protocol.Envelope;
import dev.poco.protocol.RunDeltasRequest;
import dev.poco.protocol.TextDelta;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.ValidationException;
import dev.poco.server.runs.Run;
import dev.poco.server.runs.RunService;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/internal/runs/{runId}/deltas} (runner token, as every {@code /internal/**} route; ours): the
 * model's text as it is generated, forwarded to the session's live streams and stored nowhere ({@link LiveDeltas}).
 * Pieces of a run that has finished are dropped: its complete messages are in the log.
 */
@RestController
class DeltaController {

    static final int MAX_DELTAS = 500;
    static final int MAX_TEXT = 100_000;

    /** What happened to a batch: {@code forwarded} false when the run had finished. */
    record DeltasReceipt(int deltas, boolean forwarded) {}

    private final RunService runs;
    private final LiveDeltas live;

    DeltaController(RunService runs, LiveDeltas live) {
        this.runs = runs;
        this.live = live;
    }

    @PostMapping("/api/v1/internal/runs/{runId}/deltas")
    Envelope<DeltasReceipt> deltas(@PathVariable UUID runId, @RequestBody RunDeltasRequest request) {
        List<TextDelta> deltas = request.deltas();
        if (deltas.isEmpty() || deltas.size() > MAX_DELTAS) {
            throw ValidationException.of("deltas", "must hold 1 to " + MAX_DELTAS + " deltas");
        }
        for (int i = 0; i < deltas.size(); i++) {
            validate("deltas[" + i + "]", deltas.get(i));
        }
        Run run = runs.find(runId).orElseThrow(() -> new NotFoundException("Run not found: " + runId));
        if (run.status().isTerminal()) {
            return Envelope.ok("Run already " + run.status().wire() + "; deltas dropped",
                    new DeltasReceipt(deltas.size(), false));
        }
        live.publish(run.sessionId(), run.id(), deltas);
        return Envelope.ok("Deltas forwarded", new DeltasReceipt(deltas.size(), true));
    }

    private static void validate(String field, TextDelta delta) {
        if (delta.messageId().isBlank() || delta.messageId().length() > 255) {
            throw ValidationException.of(field + ".message_id", "must be 1 to 255 characters");
        }
        if (!TextDelta.TEXT.equals(delta.kind()) && !TextDelta.THINKING.equals(delta.kind())) {
            throw ValidationException.of(field + ".kind", "must be text or thinking");
        }
        if (delta.index() < 0 || delta.offset() < 0) {
            throw ValidationException.of(field, "index and offset must not be negative");
        }
        if (delta.text().length() > MAX_TEXT) {
            throw ValidationException.of(field + ".text", "must be at most " + MAX_TEXT + " characters");
        }
    }
}
