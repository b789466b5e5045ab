package dev.poco.runner.live;

import dev.poco.runner.claude.protocol.PermissionDecision;
import dev.poco.runner.claude.protocol.ToolPermissionHandler;
import dev.poco.runner.claude.protocol.ToolPermissionRequest;

/**
 * The permission handler a CLI process keeps for its whole life, passing each request to the handler of the run it
 * serves now ({@link #serve}); between runs it refuses and interrupts (no turn runs then, so none should come).
 */
public final class RelayPermissionHandler implements ToolPermissionHandler {

    private static final ToolPermissionHandler BETWEEN_RUNS =
            request -> PermissionDecision.denyAndInterrupt("No run is using this agent");

    private volatile ToolPermissionHandler target = BETWEEN_RUNS;

    /** Requests go to {@code handler} from now on. */
    public void serve(ToolPermissionHandler handler) {
        this.target = handler;
    }

    /** The run is over: requests are refused until the next {@link #serve}. */
    public void idle() {
        this.target = BETWEEN_RUNS;
    }

    @Override
    public PermissionDecision decide(ToolPermissionRequest request) throws InterruptedException {
        return target.decide(request);
    }
}
