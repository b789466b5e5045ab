package dev.poco.runner.run;

import dev.poco.protocol.CreateUserInputRequest;
import dev.poco.protocol.PermissionMode;
import dev.poco.protocol.UserInputRequestView;
import dev.poco.protocol.permissions.PermissionRules;
import dev.poco.protocol.permissions.ToolRule;
import dev.poco.runner.claude.protocol.PermissionDecision;
import dev.poco.runner.claude.protocol.ToolPermissionHandler;
import dev.poco.runner.claude.protocol.ToolPermissionRequest;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.ServerException;
import dev.poco.runner.server.ServerRetry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
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
 *   <li>a call the CLI asks about because of the user's own {@code ask} rule ({@code decision_reason_type: "rule"})
 *       is allowed when an allow rule of the run (or an "always allow" given earlier in it) covers it; otherwise it
 *       becomes a question to the user, with the exact command: "Allow once", "Always allow" (saved as an allow rule
 *       of the session's project) or "Deny". The question has AskUserQuestion's shape, so every client that can
 *       answer a question (poco's web client, ours, the chat apps) can answer it; {@code deny} rules never get
 *       here, the CLI refuses those itself;</li>
 *   <li>everything else is allowed: the sandbox is the boundary, not a prompt nobody can see.</li>
 * </ul>
 * Called on a separate thread per request; blocking while the user thinks is expected.
 */
final class PermissionPolicy implements ToolPermissionHandler {

    static final Set<String> READ_ONLY_TOOLS = Set.of("Read", "Grep", "Glob", "LS", "TodoWrite", "Task", "Skill",
            "AskUserQuestion", "ExitPlanMode", "NotebookRead", "BashOutput");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final Logger log = LoggerFactory.getLogger(PermissionPolicy.class);
    private static final int LONG_POLL_SECONDS = 25;
    private static final ServerRetry RETRY = ServerRetry.backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));

    private final ServerClient server;
    private final UUID sessionId;
    private final Duration questionTimeout;
    private final Duration planTimeout;
    static final String ALLOW_ONCE = "Allow once";
    static final String ALWAYS_ALLOW = "Always allow";
    static final String DENY = "Deny";

    private volatile PermissionRules rules;
    private volatile boolean planGate;
    private volatile boolean planRejected;

    PermissionPolicy(ServerClient server, UUID sessionId, PermissionMode mode, Duration questionTimeout,
            Duration planTimeout) {
        this(server, sessionId, mode, PermissionRules.NONE, questionTimeout, planTimeout);
    }

    PermissionPolicy(ServerClient server, UUID sessionId, PermissionMode mode, PermissionRules rules,
            Duration questionTimeout, Duration planTimeout) {
        this.rules = rules;
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
                if ("rule".equals(request.decisionReasonType())) {
                    yield askPermission(request);
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

    /** The user's own ask rule matched: allow if they already said "always", else ask them. */
    private PermissionDecision askPermission(ToolPermissionRequest request) throws InterruptedException {
        Map<String, Object> input = JSON.convertValue(request.input(), MAP);
        if (rules.allows(request.toolName(), input)) {
            return PermissionDecision.allow();
        }
        String always = ToolRule.exactly(request.toolName(), input);
        String question = "Claude wants to use " + describe(request.toolName(), input) + ". Your rules ask first:"
                + " allow it?";
        ObjectNode asked = JSON.createObjectNode();
        ObjectNode q = asked.putArray("questions").addObject();
        q.put("question", question);
        q.put("header", "Permission");
        q.put("multiSelect", false);
        ArrayNode options = q.putArray("options");
        options.addObject().put("label", ALLOW_ONCE).put("description", "Run it this time only");
        options.addObject().put("label", ALWAYS_ALLOW).put("description", "Save the rule " + always
                + " for this project (for all your sessions when the session is in no project)");
        options.addObject().put("label", DENY).put("description", "Do not run it; the agent is told you said no");
        ObjectNode permission = asked.putObject("permission");
        permission.put("tool_name", request.toolName());
        permission.set("input", request.input());
        permission.put("always_rule", always);
        UserInputRequestView answered = askUser(new ToolPermissionRequest(request.requestId(), "AskUserQuestion",
                asked, request.toolUseId(), List.of(), request.request()), questionTimeout);
        if (answered == null || !UserInputRequestView.ANSWERED.equals(answered.status())) {
            return PermissionDecision.deny("The user did not answer the permission request in time, so "
                    + request.toolName() + " was not run.");
        }
        String answer = answered.answers() == null ? "" : answered.answers().path(question).asString("").strip();
        if (answer.equals(ALLOW_ONCE)) {
            return PermissionDecision.allow();
        }
        if (answer.equals(ALWAYS_ALLOW)) {
            rules = rules.withAllow(always);
            try {
                server.allowRule(sessionId, always);
            } catch (ServerException e) {
                log.warn("Could not save the allow rule {} of session {}: {}", always, sessionId, e.getMessage());
            }
            return PermissionDecision.allow();
        }
        return PermissionDecision.deny(answer.isEmpty() || answer.equals(DENY) ? "The user denied this "
                + request.toolName() + " call." : "The user denied this " + request.toolName() + " call: " + answer);
    }

    private static String describe(String tool, Map<String, Object> input) {
        if (input.get("command") instanceof String command) {
            return tool + " to run `" + command.strip() + "`";
        }
        for (String key : List.of("file_path", "notebook_path", "path", "url")) {
            if (input.get(key) instanceof String value) {
                return tool + " on " + value;
            }
        }
        return tool;
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
