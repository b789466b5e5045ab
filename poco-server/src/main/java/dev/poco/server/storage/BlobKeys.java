package dev.poco.server.storage;

import dev.poco.protocol.WorkspaceLayout;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jetbrains.annotations.Contract;
import org.jspecify.annotations.Nullable;

/**
 * poco's key layout (reference §3.11) and the one rule every key obeys. A user id is used as it is when it is a plain
 * name and replaced by a hash otherwise ({@link WorkspaceLayout#userDirName}), so no user id can add a segment.
 */
public final class BlobKeys {

    private static final int MAX_KEY_LENGTH = 1024;
    private static final Pattern UNSAFE_RUN = Pattern.compile("[^A-Za-z0-9._-]+");
    private static final Pattern EDGE = Pattern.compile("^[._-]+|[._-]+$");

    private BlobKeys() {}

    /** {@code attachments/<user>/<uuid>/file}. */
    public static String attachment(String userId, UUID id) {
        return "attachments/" + WorkspaceLayout.userDirName(userId) + "/" + id + "/file";
    }

    /**
     * Whether {@code key} is one of {@code userId}'s workspace exports. Session columns can be PATCHed by users
     * (poco's API), so every key read from them is checked with this before it is read or presigned.
     */
    @Contract("_, null -> false")
    public static boolean isUsersWorkspaceKey(String userId, @Nullable String key) {
        return key != null && key.startsWith(workspacesOf(userId));
    }

    /** {@code workspaces/<user>/}: every workspace export of one user. */
    public static String workspacesOf(String userId) {
        return "workspaces/" + WorkspaceLayout.userDirName(userId) + "/";
    }

    /** {@code replays/<user>/}: every browser screenshot of one user's sessions. */
    public static String replaysOf(String userId) {
        return "replays/" + WorkspaceLayout.userDirName(userId) + "/";
    }

    /** {@code workspaces/<user>/<session>}: the prefix of a session's export. */
    public static String workspace(String userId, UUID sessionId) {
        return "workspaces/" + WorkspaceLayout.userDirName(userId) + "/" + sessionId;
    }

    /** poco's {@code workspace_files_prefix}: {@code workspaces/<user>/<session>/files}. */
    public static String workspaceFiles(String userId, UUID sessionId) {
        return workspace(userId, sessionId) + "/files";
    }

    /** poco's {@code workspace_manifest_key}. */
    public static String workspaceManifest(String userId, UUID sessionId) {
        return workspace(userId, sessionId) + "/manifest.json";
    }

    /** poco's {@code workspace_archive_key}. */
    public static String workspaceArchive(String userId, UUID sessionId) {
        return workspace(userId, sessionId) + "/archive.zip";
    }

    /**
     * {@code workspaces/<user>/<session>/state.tar.gz}: the whole workspace (git history and the agent's transcript
     * included) for a runner that continues the session elsewhere; never served to users.
     */
    public static String workspaceState(String userId, UUID sessionId) {
        return workspace(userId, sessionId) + "/state.tar.gz";
    }

    /**
     * {@code replays/<user>/<session>/browser/<tool_use_id>.png}: the screenshot of one browser tool call. Both ids go
     * through {@link #safeSegment}, so the same id always lands on the same key (poco's rule: the UI maps a tool call
     * to its screenshot by id alone).
     */
    public static String browserScreenshot(String userId, String sessionId, String toolUseId) {
        return "replays/" + WorkspaceLayout.userDirName(userId) + "/" + safeSegment(sessionId) + "/browser/"
                + safeSegment(toolUseId) + ".png";
    }

    /**
     * poco's id sanitiser for replay keys: each run of characters outside {@code [A-Za-z0-9._-]} becomes {@code _},
     * leading and trailing {@code ._-} are dropped, and nothing left is {@code unknown}. The result is never
     * {@code .} or {@code ..} and holds no {@code /}, so an id cannot add or climb a segment.
     */
    public static String safeSegment(String id) {
        String safe = EDGE.matcher(UNSAFE_RUN.matcher(id).replaceAll("_")).replaceAll("");
        return safe.isEmpty() ? "unknown" : safe;
    }

    /**
     * Refuses a key that could leave the store's root or mean two things: empty, longer than 1024 characters, a
     * leading or doubled {@code /}, a {@code .} or {@code ..} segment, a backslash, or a control character.
     *
     * @return the key
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String validate(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("A storage key must have 1 to " + MAX_KEY_LENGTH + " characters");
        }
        if (key.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
            throw new IllegalArgumentException("A storage key must not hold control characters or backslashes");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("A storage key's segments must be names (no empty, . or ..): "
                        + key);
            }
        }
        return key;
    }
}
