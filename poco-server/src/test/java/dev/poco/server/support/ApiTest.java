package dev.poco.server.support;

import dev.poco.testkit.http.Api;
import dev.poco.server.TestServerApplication;
import dev.poco.testkit.db.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the HTTP API tests: one server (and one Spring context) for all subclasses, against the
 * shared real PostgreSQL, in {@code trusted_header} mode so tests can act as several users. Each
 * test gets fresh user ids, so tests never see each other's data.
 */
@SpringBootTest(classes = TestServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTest {

    public static final String RUNNER_TOKEN = "test-runner-token";
    /** The test server's POCO_ADMIN_USERS: the one user with admin rights. */
    public static final String ADMIN_USER = "admin-of-the-test-server";
    /** The test server's MODEL_LIST (its DEFAULT_MODEL is the application default). */
    public static final String MODEL_LIST = "claude-opus-4-1,claude-haiku-4-5";
    /** The test server's MAX_UPLOAD_SIZE_MB, small so that the 413 answer can be tested. */
    public static final int MAX_UPLOAD_MB = 1;
    /** The test server's POCO_WORKSPACES_EXPORT_MAX_MB, small so that the cap can be tested. */
    public static final int EXPORT_MAX_MB = 1;
    /** The test server's POCO_IMPORT_MAX_MB, FILES and UNCOMPRESSED_MB, small so that each refusal can be tested. */
    public static final int IMPORT_MAX_MB = 1;
    public static final int IMPORT_MAX_FILES = 50;
    public static final int IMPORT_MAX_UNCOMPRESSED_MB = 4;
    /** The test server's POCO_USAGE_MONTHLY_BUDGET_USD: high, so that only a test that means to reaches it. */
    public static final int MONTHLY_BUDGET_USD = 1000;
    private static final Path HOME = tempHome();
    /** The test server's POCO_LOCAL_FOLDERS: one allowed root, below its POCO_HOME. */
    public static final Path LOCAL_FOLDERS = localFolders();

    @LocalServerPort
    protected int port;

    protected Api anonymous;
    protected Api alice;
    protected Api bob;
    protected Api runner;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("poco.database.url", TestDatabase::url);
        registry.add("poco.home", HOME::toString);
        registry.add("poco.auth.mode", () -> "trusted_header");
        registry.add("poco.auth.internal-api-token", () -> RUNNER_TOKEN);
        registry.add("poco.models.model-list", () -> MODEL_LIST);
        // whatever the developer's environment holds, this server has no model credentials
        registry.add("poco.model.api-key", () -> "");
        registry.add("poco.model.auth-token", () -> "");
        // poco's default SECRET_KEY, whatever SECRET_KEY the environment holds: the Fernet fixture is made under it
        registry.add("poco.secrets.legacy-secret-key", () -> "change-this-secret-key-in-production");
        registry.add("poco.attachments.max-upload-size-mb", () -> String.valueOf(MAX_UPLOAD_MB));
        // Tomcat's own multipart limit (MAX_UPLOAD_SIZE_MB in production) just above it, so both 413 paths are reachable
        registry.add("spring.servlet.multipart.max-request-size", () -> (MAX_UPLOAD_MB * 1024 + 100) + "KB");
        registry.add("poco.workspaces.export-max-mb", () -> String.valueOf(EXPORT_MAX_MB));
        registry.add("poco.runs.reaper-interval-seconds", () -> "1");
        registry.add("poco.usage.monthly-budget-usd", () -> String.valueOf(MONTHLY_BUDGET_USD));
        // scheduled tasks fire only when a test dispatches them (dispatch-due), never behind its back
        registry.add("poco.schedules.enabled", () -> "false");
        registry.add("poco.runs.heartbeat-timeout-seconds", () -> "5");
        registry.add("poco.imports.max-mb", () -> String.valueOf(IMPORT_MAX_MB));
        registry.add("poco.imports.max-files", () -> String.valueOf(IMPORT_MAX_FILES));
        registry.add("poco.imports.max-uncompressed-mb", () -> String.valueOf(IMPORT_MAX_UNCOMPRESSED_MB));
        registry.add("poco.imports.github-archive-base-url", ArchiveServer::baseUrl);
        registry.add("poco.local-folders.roots", LOCAL_FOLDERS::toString);
        registry.add("poco.github.url", () -> GitHubStandIns.GIT.baseUrl().toString());
        registry.add("poco.github.api-url", () -> GitHubStandIns.API.baseUrl().toString());
        registry.add("poco.admin.users", () -> ADMIN_USER);
    }

    @BeforeEach
    void clients() {
        anonymous = new Api("http://127.0.0.1:" + port, Map.of());
        alice = anonymous.as("alice-" + UUID.randomUUID());
        bob = anonymous.as("bob-" + UUID.randomUUID());
        runner = anonymous.withHeader("X-Internal-Token", RUNNER_TOKEN);
    }

    /** The server's POCO_HOME, for tests that put files where the server reads them (workspaces). */
    protected static Path pocoHome() {
        return HOME;
    }

    private static Path localFolders() {
        try {
            return Files.createDirectories(HOME.resolve("local-folders")).toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tempHome() {
        try {
            return Files.createTempDirectory("poco-test-home");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
