package dev.poco.runner.live;

import dev.poco.runner.claude.protocol.PermissionDecision;
import dev.poco.runner.claude.protocol.SdkMcpHandler;
import dev.poco.runner.claude.protocol.ToolPermissionHandler;
import dev.poco.runner.claude.protocol.ToolPermissionRequest;
import dev.poco.runner.memory.MemoryMcpServer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The permission handler a CLI process keeps for its whole life, passing each request to the handler of the run it
 * serves now ({@link #serve}); between runs it refuses and interrupts (no turn runs then, so none should come). It
 * also serves the process's in-process MCP servers: the memory server, bound to the run it serves now
 * ({@link #memory()}).
 */
public final class RelayPermissionHandler implements ToolPermissionHandler, SdkMcpHandler {

    private static final ToolPermissionHandler BETWEEN_RUNS =
            request -> PermissionDecision.denyAndInterrupt("No run is using this agent");

    private volatile ToolPermissionHandler target = BETWEEN_RUNS;
    private final MemoryMcpServer memory = new MemoryMcpServer();

    /** Requests go to {@code handler} from now on. */
    public void serve(ToolPermissionHandler handler) {
        this.target = handler;
    }

    /** The run is over: requests are refused until the next {@link #serve}. */
    public void idle() {
        this.target = BETWEEN_RUNS;
        memory.idle();
    }

    /** The memory tools' server of this process; a run with memory binds it to its session. */
    public MemoryMcpServer memory() {
        return memory;
    }

    @Override
    public ObjectNode handle(String serverName, ObjectNode message) {
        return memory.handle(serverName, message);
    }

    @Override
    public PermissionDecision decide(ToolPermissionRequest request) throws InterruptedException {
        return target.decide(request);
    }
}
