package dev.poco.app.isolation;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decisions the isolation test cannot read from the OpenAPI document. Each list is explicit and
 * short on purpose: a new endpoint that needs an entry here fails the test until someone decides
 * which list it belongs in (and why).
 */
final class Endpoints {

    private Endpoints() {}

    /**
     * Answer without a user: health probes and webhooks that check their own secret. Everything else
     * answers 401 to an anonymous caller ({@code IsolationTest.anonymousCallersAreRefused} asserts
     * that the set answering anything else is exactly this one).
     */
    static final Map<String, String> PUBLIC = Map.ofEntries(
            Map.entry("GET /api/v1", "poco's liveness probe (service name, version)"),
            Map.entry("GET /api/v1/", "poco's liveness probe (service name, version)"),
            Map.entry("GET /api/v1/health", "health probe"),
            Map.entry("GET /api/v1/callback/health", "poco's callback health probe (no data)"),
            Map.entry("POST /api/v1/webhooks/telegram",
                    "Telegram's webhook: checks X-Telegram-Bot-Api-Secret-Token itself"),
            Map.entry("POST /api/v1/webhooks/dingtalk",
                    "DingTalk's outgoing robot: checks its timestamp/sign signature itself"),
            Map.entry("POST /api/v1/webhooks/feishu",
                    "Feishu's event callbacks: check the Verification Token and signature themselves"),
            Map.entry("GET /api/v1/auth/status", "which auth mode, and whether setup is due: the sign-in page's start"),
            Map.entry("POST /api/v1/auth/login", "signing in (password mode; 400 \"accounts are off\" otherwise)"),
            Map.entry("POST /api/v1/auth/logout", "ends the cookie's own session, if any; nothing without one"),
            Map.entry("POST /api/v1/auth/setup", "the first admin, only while no user exists (password mode)"),
            Map.entry("POST /api/v1/auth/invites/{code}/accept", "the invite code is the credential (password mode)"),
            Map.entry("GET /api/v1/auth/oidc/login", "the redirect to the OIDC provider (oidc mode; 400 otherwise)"),
            Map.entry("GET /api/v1/auth/oidc/callback", "the OIDC provider's redirect back: state, code and the"
                    + " browser cookie are the credential (oidc mode; 400 otherwise)"));

    /**
     * Public in {@code trusted_header} mode but behind sign-in with accounts ({@code password}): poco's unauthenticated
     * probes, which tell a stranger which server this is. Runners still reach them with their token.
     */
    static final Map<String, String> SIGN_IN_REQUIRED_WITH_ACCOUNTS = Map.of(
            "GET /api/v1", "names the service and its version",
            "GET /api/v1/", "names the service and its version",
            "GET /api/v1/callback/health", "a runner's probe: runners send their token");

    /** What answers anonymously in {@code password} mode: {@link #PUBLIC} less {@link #SIGN_IN_REQUIRED_WITH_ACCOUNTS}. */
    static Set<String> publicWithAccounts() {
        Set<String> keys = new java.util.TreeSet<>(PUBLIC.keySet());
        keys.removeAll(SIGN_IN_REQUIRED_WITH_ACCOUNTS.keySet());
        return keys;
    }

    /**
     * Only runners may call these (the runner token): {@code /api/v1/internal/**} plus poco's
     * runner-facing routes outside it. Users, even the owner of the run, get 401 or 403.
     */
    static final String RUNNER_PREFIX = "/api/v1/internal/";

    static final Set<String> RUNNER_ONLY = Set.of(
            "POST /api/v1/runs/claim",
            "POST /api/v1/runs/{runId}/start",
            "POST /api/v1/runs/{runId}/fail",
            "POST /api/v1/runs/{runId}/heartbeat",
            "GET /api/v1/runs/{runId}/watch",
            "POST /api/v1/callback",
            "POST /api/v1/callbacks",
            "POST /api/v1/memories/configure",
            "POST /api/v1/memories/reset");

    /**
     * Server-Sent-Events streams (the document does not say so). With a path parameter user B must
     * be refused before the stream opens; without one the test listens as B while A's resources change.
     */
    static final Set<String> STREAMS = Set.of(
            "GET /api/v1/events",
            "GET /api/v1/sessions/{sessionId}/events");

    /**
     * Bodies for writes whose schema-derived minimal body would not pass validation, so that user B
     * reaches the ownership check (a 400 for a bad body proves nothing about scoping).
     */
    static final Map<String, String> BODIES = Map.of(
            "PUT /api/v1/im/providers/{provider}/enabled", "{\"enabled\":false}",
            "PUT /api/v1/im/providers/{provider}/credentials", "{\"values\":{\"bot_token\":\"123:isolation\"}}");

    /**
     * Reads whose answer for A changes by itself (clocks, other runners), left out of the "A's data is
     * unchanged after B's attempts" comparison.
     */
    static final Map<String, String> VOLATILE = Map.of(
            "GET /api/v1/schedules", "lists the runners that claimed recently, with the time of their last claim",
            "GET /api/v1/system/status", "not user data",
            "GET /api/v1/memories/jobs/active", "not a resource",
            "GET /api/v1/search", "its rank is a float score whose last digits differ between query plans");

    /**
     * Path parameters the fixture cannot give a value that belongs to user A, with the reason. The
     * endpoint is still called as B (with a made-up value) and must not succeed, but that proves
     * less than a real id of A's would.
     */
    static final Map<String, String> UNFILLABLE = Map.of(
            "/api/v1/admin/runners/{runnerId}", "runners belong to no user: only an admin may revoke one, and B is"
                    + " not an admin (403 whatever the id)",
            "/api/v1/admin/users/{userId}", "accounts are the admin's to manage, and B is not an admin (403)",
            "/api/v1/im/providers/{provider}", "a chat provider is the server's, not a user's: only POCO_IM_ADMINS"
                    + " change it, and B is not one (403)",
            "/api/v1/auth/invites/{code}", "an invite code is a secret of its own (public: the code is the"
                    + " credential)");

    /**
     * Known scoping failures too large to fix here: the endpoint is left out of the B-versus-A check
     * and reported. Keep this empty; every entry names the issue that tracks it.
     */
    static final Map<String, String> KNOWN_FAILURES = Map.of();

    /** A request of user B whose body names a resource of A's; each must be refused (403/404) or change nothing. */
    record ForeignReference(String method, String path, String body) {

        String describe() {
            return method + " " + path + " " + body;
        }
    }

    private static final String PROJECT = "{{/api/v1/projects/{projectId}}}";

    /**
     * Ids travel in bodies too. {@code {{template}}} stands for A's id filed under that path template
     * (see {@link Fixture}). Not generated: the document does not say which body field names which resource.
     */
    static final List<ForeignReference> FOREIGN_REFERENCES = List.of(
            new ForeignReference("POST", "/api/v1/sessions", "{\"project_id\":\"" + PROJECT + "\"}"),
            new ForeignReference("POST", "/api/v1/tasks",
                    "{\"prompt\":\"hi\",\"session_id\":\"{{/api/v1/sessions/{sessionId}}}\"}"),
            new ForeignReference("POST", "/api/v1/tasks", "{\"prompt\":\"hi\",\"project_id\":\"" + PROJECT + "\"}"),
            new ForeignReference("POST", "/api/v1/tasks", "{\"prompt\":\"hi\",\"config\":{\"input_files\":["
                    + "{\"name\":\"a.txt\",\"source\":\"{{attachment source}}\"}]}}"),
            new ForeignReference("POST", "/api/v1/mcp-installs",
                    "{\"server_id\":{{/api/v1/mcp-servers/{serverId}}},\"enabled\":true}"),
            new ForeignReference("POST", "/api/v1/skill-installs", "{\"skill_id\":{{/api/v1/skills/{id}}}}"),
            new ForeignReference("POST", "/api/v1/plugin-installs", "{\"plugin_id\":{{/api/v1/plugins/{id}}}}"),
            new ForeignReference("POST", "/api/v1/permission-rules",
                    "{\"behavior\":\"allow\",\"rule\":\"Bash\",\"project_id\":\"" + PROJECT + "\"}"),
            new ForeignReference("POST", "/api/v1/scheduled-tasks", "{\"name\":\"b\",\"cron\":\"0 0 1 1 *\","
                    + "\"prompt\":\"b\",\"project_id\":\"" + PROJECT + "\"}"),
            new ForeignReference("PATCH", "/api/v1/mcp-installs/bulk",
                    "{\"install_ids\":[{{/api/v1/mcp-installs/{installId}}}],\"enabled\":false}"),
            new ForeignReference("PATCH", "/api/v1/skill-installs/bulk",
                    "{\"install_ids\":[{{/api/v1/skill-installs/{installId}}}],\"enabled\":false}"),
            new ForeignReference("PATCH", "/api/v1/plugin-installs/bulk",
                    "{\"install_ids\":[{{/api/v1/plugin-installs/{installId}}}],\"enabled\":false}"));

    static boolean runnerOnly(Operation op) {
        return op.path().startsWith(RUNNER_PREFIX) || RUNNER_ONLY.contains(op.key());
    }

    static boolean isPublic(Operation op) {
        return PUBLIC.containsKey(op.key());
    }

    static List<String> unknownEntries(List<Operation> served) {
        Set<String> keys = new java.util.HashSet<>();
        served.forEach(op -> keys.add(op.key()));
        return java.util.stream.Stream.of(PUBLIC.keySet(), SIGN_IN_REQUIRED_WITH_ACCOUNTS.keySet(), RUNNER_ONLY, STREAMS, BODIES.keySet(), VOLATILE.keySet(),
                        KNOWN_FAILURES.keySet())
                .flatMap(Set::stream)
                .filter(k -> !keys.contains(k))
                .sorted()
                .toList();
    }
}
