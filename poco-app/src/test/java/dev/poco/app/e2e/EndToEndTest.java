package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.app.ServerModelCalls;
import dev.poco.app.PocoApplication;
import dev.poco.app.support.PasswordAccounts;
import dev.poco.app.support.PasswordModeApp;
import dev.poco.protocol.WorkspaceLayout;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.db.TestDatabase;
import dev.poco.testkit.git.FakeGitHubApi;
import dev.poco.testkit.git.GitHttpServer;
import dev.poco.testkit.http.Api;
import dev.poco.testkit.feishu.FakeFeishuServer;
import dev.poco.testkit.feishu.FeishuEvents;
import dev.poco.testkit.dingtalk.FakeDingTalkServer;
import dev.poco.testkit.telegram.FakeTelegramServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole product in one process, as {@code ./poco start} runs it: server, embedded runner,
 * real bubblewrap, the real pinned Claude Code CLI, real PostgreSQL. Only the model is fake (the
 * testkit's Messages API on a real socket, behind the runner's gateway). Tests script the model,
 * post tasks over HTTP and look at what was stored, what the model was sent and the workspace.
 */
@SpringBootTest(classes = PocoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class EndToEndTest {

    protected static final FakeAnthropicServer MODEL = new FakeAnthropicServer().start();
    /** The Telegram Bot API the server's bot long-polls (TelegramTest); idle for the other tests. */
    protected static final FakeTelegramServer TELEGRAM = new FakeTelegramServer("42:e2e-token", "PocoE2eBot").start();
    /** The Feishu Open Platform the server's app sends through (FeishuTest); idle for the other tests. */
    protected static final FakeFeishuServer FEISHU = new FakeFeishuServer("cli_e2e", "e2e-app-secret", "PocoE2e")
            .start();
    /** Feishu's callbacks to the server's webhook, encrypted and signed with the app's Encrypt Key. */
    protected static final FeishuEvents FEISHU_EVENTS = new FeishuEvents("cli_e2e", "e2e-verification-token",
            "e2e-encrypt-key");
    protected static final FakeDingTalkServer DINGTALK = new FakeDingTalkServer("dinge2ekey", "e2e-secret").start();
    /** The one token {@link #GITHUB} accepts (a test stores it as the user's secret). */
    protected static final String GITHUB_TOKEN = "ghp_e2eToken" + UUID.randomUUID().toString().replace("-", "");
    /** GitHub's git over smart HTTP, where the runner clones and the server pushes. */
    protected static final GitHttpServer GITHUB = gitServer();
    /** GitHub's pull request API. */
    protected static final FakeGitHubApi GITHUB_API = new FakeGitHubApi();
    /** The "real" key: the gateway sends it upstream; the sandbox must never see it. */
    static final String KEY_PREFIX = "sk-ant-poco";
    static final String KEY_SUFFIX = "secret-" + UUID.randomUUID();
    static final String KEY = KEY_PREFIX + "-" + KEY_SUFFIX;
    protected static final Path HOME = tempDir();
    /** POCO_LOCAL_FOLDERS of the server and its runner: one root below HOME. */
    protected static final Path LOCAL_FOLDERS = localFolders();
    static final Duration RUN = Duration.ofSeconds(90);
    /** Workspace size limit of every run here; far above what the other tests write. */
    static final long DISK_LIMIT_MB = 64;

    @LocalServerPort
    protected int port;

    Api alice;
    Api bob;
    /** The account id of each signed-in client of this test ({@link dev.poco.app.support.PasswordMode}). */
    private final Map<Api, String> accounts = new IdentityHashMap<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("poco.database.url", TestDatabase::url);
        registry.add("poco.home", HOME::toString);
        registry.add("poco.auth.mode", () -> "trusted_header");
        registry.add("poco.model.base-url", MODEL::baseUrl);
        registry.add("poco.model.api-key", () -> KEY);
        registry.add("poco.runner.question-timeout-seconds", () -> "8");
        registry.add("poco.runner.cancel-grace-seconds", () -> "2");
        registry.add("poco.runner.max-concurrent-runs", () -> "2");
        registry.add("poco.runner.disk-limit-mb", () -> Long.toString(DISK_LIMIT_MB)); // small: SandboxLimitsEndToEndTest
        registry.add("poco.telegram.bot-token", () -> "42:e2e-token");
        registry.add("poco.telegram.api-url", TELEGRAM::baseUrl);
        registry.add("poco.telegram.mode", () -> "polling");
        registry.add("poco.telegram.poll-timeout-seconds", () -> "2");
        registry.add("poco.feishu.enabled", () -> "true");
        registry.add("poco.feishu.app-id", () -> "cli_e2e");
        registry.add("poco.feishu.app-secret", () -> "e2e-app-secret");
        registry.add("poco.feishu.verification-token", () -> "e2e-verification-token");
        registry.add("poco.feishu.encrypt-key", () -> "e2e-encrypt-key");
        registry.add("poco.feishu.base-url", FEISHU::baseUrl);
        registry.add("poco.dingtalk.enabled", () -> "true");
        registry.add("poco.dingtalk.client-id", () -> "dinge2ekey");
        registry.add("poco.dingtalk.client-secret", () -> "e2e-secret");
        registry.add("poco.dingtalk.api-url", DINGTALK::baseUrl);
        registry.add("poco.dingtalk.gateway-url", DINGTALK::baseUrl);
        registry.add("poco.dingtalk.oapi-url", DINGTALK::baseUrl);
        registry.add("poco.im.admins", () -> "default"); // ChatAppsBrowserTest sets credentials as the browser's user
        registry.add("poco.local-folders.roots", LOCAL_FOLDERS::toString);
        registry.add("poco.runner.local-folders", LOCAL_FOLDERS::toString);
        registry.add("poco.runner.github-url", () -> GITHUB.baseUrl().toString());
        registry.add("poco.github.url", () -> GITHUB.baseUrl().toString());
        registry.add("poco.github.api-url", () -> GITHUB_API.baseUrl().toString());
    }

    @BeforeEach
    void clients() {
        ServerModelCalls.answerAside(MODEL.reset());
        if (passwordMode()) {
            assertThat(new Api(base(), Map.of()).get("/api/v1/auth/status").ok().path("auth_mode").asString())
                    .as("the app of a @PasswordMode test").isEqualTo("password");
        }
        alice = user("alice");
        bob = user("bob");
    }

    /**
     * A new user of the app: in {@code trusted_header} mode whatever {@code X-User-Id} says; in password mode
     * ({@link dev.poco.app.support.PasswordMode}) a member invited by the admin, signed in with a session cookie.
     */
    protected Api user(String name) {
        if (passwordMode()) {
            PasswordAccounts.Member member = PasswordAccounts.member(base(), name);
            accounts.put(member.api(), member.userId());
            return member.api();
        }
        return new Api(base(), Map.of()).as(name + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Whether this test runs against the shared password-mode app ({@link dev.poco.app.support.PasswordMode}). */
    protected final boolean passwordMode() {
        return PasswordModeApp.on(getClass());
    }

    /** The app's {@code POCO_HOME}. */
    protected final Path home() {
        return passwordMode() ? PasswordModeApp.HOME : HOME;
    }

    protected final String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Posts a task and returns {session_id, run_id, status}. */
    static JsonNode task(Api user, Map<String, ?> body) {
        return user.post("/api/v1/tasks", body).ok();
    }

    /** Waits until the session reaches one of the statuses, and returns it. */
    static JsonNode awaitSession(Api user, String sessionId, String... statuses) {
        Set<String> wanted = Set.of(statuses);
        JsonNode[] last = new JsonNode[1];
        await().atMost(RUN).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = user.get("/api/v1/sessions/" + sessionId).ok();
            return wanted.contains(last[0].path("status").asString());
        });
        if ("failed".equals(last[0].path("status").asString())) {
            System.out.println("Session " + sessionId + " failed; runs: " + user.get("/api/v1/runs/session/" + sessionId)
                    .ok());
        }
        return last[0];
    }

    static JsonNode awaitRun(Api user, String runId, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(RUN).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = user.get("/api/v1/runs/" + runId).ok();
            return status.equals(last[0].path("status").asString());
        });
        return last[0];
    }

    /** Waits for the session's first pending question and returns it. */
    static JsonNode awaitQuestion(Api user, String sessionId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(RUN).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode pending = user.get("/api/v1/user-input-requests?session_id=" + sessionId).ok();
            found[0] = pending.isEmpty() ? null : pending.get(0);
            return found[0] != null;
        });
        return found[0];
    }

    Path workspace(String userId, String sessionId) {
        return WorkspaceLayout.workspace(home().resolve("workspaces"), userId, UUID.fromString(sessionId));
    }

    /** The id the server stores as the owner of what {@code user} creates. */
    String userOf(Api user) {
        String account = accounts.get(user);
        return account != null ? account : user.headers().get("X-User-Id");
    }

    private static Path localFolders() {
        try {
            return Files.createDirectories(HOME.resolve("local-folders")).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GitHttpServer gitServer() {
        try {
            return new GitHttpServer(Files.createTempDirectory("poco-e2e-github"), GITHUB_TOKEN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("poco-e2e-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
