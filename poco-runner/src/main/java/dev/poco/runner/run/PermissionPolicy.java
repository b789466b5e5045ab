package dev.poco.runner.run;

import dev.poco.protocol.CreateUserInputRequest;
import dev.poco.protocol.PermissionMode;
import dev.poco.protocol.UserInputRequestView;
import dev.poco.runner.claude.protocol.PermissionDecision;
import dev.poco.runner.claude.protocol.ToolPermissionHandler;
import dev.poco.runner.claude.protocol.ToolPermissionRequest;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.ServerException;
import dev.poco.runner.server.ServerRetry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers the CLI's {@code can_use_tool} requests for one run (poco's permission callback, §2.5):
 * <ul>
 *   <li>AskUserQuestion becomes a user-input request; the answer returns as the tool's
 *       {@code updatedInput} ({@code questions} + {@code answers}); no answer in time is a denial
 *       and the turn goes on;</li>
 *   <li>ExitPlanMode becomes a plan-approval request (10 minutes); approval lifts the plan gate,
 *       anything else denies and ends the turn;</li>
 *   <li>in plan mode, until the plan is approved, only read-only tools run (the CLI 2.1.197 does
 *       not enforce plan mode itself);</li>
 *   <li>everything else is allowed: the sandbox is the boundary, not a prompt nobody can see.</li>
 * </ul>
 * Called on a separate thread per request; blocking while the user thinks is expected.
 */
final class PermissionPolicy implements ToolPermissionHandler {

    static final Set<String> READ_ONLY_TOOLS = Set.of("Read", "Grep", "Glob", "LS", "TodoWrite", "Task", "Skill",
            "AskUserQuestion", "ExitPlanMode", "NotebookRead", "BashOutput");
    private static final Logger log = LoggerFactory.getLogger(PermissionPolicy.class);
    private static final int LONG_POLL_SECONDS = 25;
    private static final ServerRetry RETRY = ServerRetry.backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));

    private final ServerClient server;
    private final UUID sessionId;
    private final Duration questionTimeout;
    private final Duration planTimeout;
    private volatile boolean planGate;
    private volatile boolean planRejected;

    PermissionPolicy(ServerClient server, UUID sessionId, PermissionMode mode, Duration questionTimeout,
            Duration planTimeout) {
        this.server = server;
        this.sessionId = sessionId;
        this.questionTimeout = questionTimeout;
        this.planTimeout = planTimeout;
        this.planGate = mode == PermissionMode.PLAN;
    }

    boolean planApproved() {
        return !planGate;
    }

    /** The user turned the plan down (or let it expire): the turn ended on purpose, not in error. */
    boolean planRejected() {
        return planRejected;
    }

    @Override
    public PermissionDecision decide(ToolPermissionRequest request) throws InterruptedException {
        return switch (request.toolName()) {
            case "AskUserQuestion" -> ask(request);
            case "ExitPlanMode" -> approvePlan(request);
            default -> {
                if (planGate && !READ_ONLY_TOOLS.contains(request.toolName())) {
                    yield PermissionDecision.deny("Plan mode: " + request.toolName() + " is not allowed until the user"
                            + " approves a plan. Investigate with read-only tools, then present the plan with"
                            + " ExitPlanMode.");
                }
                yield PermissionDecision.allow();
            }
        };
    }

    private PermissionDecision ask(ToolPermissionRequest request) throws InterruptedException {
        UserInputRequestView answered = askUser(request, questionTimeout);
        if (answered == null || !UserInputRequestView.ANSWERED.equals(answered.status())) {
            return PermissionDecision.deny("The user did not answer in time; continue without that information"
                    + " or ask again later.");
        }
        ObjectNode updated = request.input().deepCopy();
        JsonNode answers = answered.answers();
        if (answers != null) {
            updated.set("answers", answers);
        } else {
            updated.putObject("answers");
        }
        return PermissionDecision.allow(updated);
    }

    private PermissionDecision approvePlan(ToolPermissionRequest request) throws InterruptedException {
        UserInputRequestView answered = askUser(request, planTimeout);
        boolean approved = answered != null && UserInputRequestView.ANSWERED.equals(answered.status())
                && answered.answers() != null
                && "true".equals(answered.answers().path("approved").asString("").strip().toLowerCase());
        if (approved) {
            planGate = false;
            return PermissionDecision.allow();
        }
        planRejected = true;
        return PermissionDecision.denyAndInterrupt(answered == null || !UserInputRequestView.ANSWERED.equals(
                answered.status()) ? "The plan was not approved in time." : "The user rejected the plan.");
    }

    /** Creates the request and long-polls until it is answered or expired; null if the server is unreachable. */
    private @Nullable UserInputRequestView askUser(ToolPermissionRequest request, Duration timeout) throws InterruptedException {
        OffsetDateTime expires = OffsetDateTime.now().plus(timeout);
        UserInputRequestView created;
        try {
            created = server.createQuestion(new CreateUserInputRequest(sessionId, request.toolName(), request.input(),
                    expires));
        } catch (ServerException e) {
            log.warn("Could not ask the user ({}): {}", request.toolName(), e.getMessage());
            return null;
        }
        Instant deadline = expires.toInstant().plusSeconds(5);
        UserInputRequestView current = created;
        while (UserInputRequestView.PENDING.equals(current.status()) && Instant.now().isBefore(deadline)) {
            if (Thread.interrupted()) {
                throw new InterruptedException("question canceled by the CLI");
            }
            try {
                // a server that is away for a while is waited for, up to the question's own deadline
                current = RETRY.within(Duration.between(Instant.now(), deadline))
                        .call(() -> server.awaitQuestion(created.id(), LONG_POLL_SECONDS));
            } catch (ServerException e) {
                if (!e.retryable()) {
                    return null;
                }
                break; // the deadline passed while the server was away: no answer
            }
        }
        return current;
    }
}
