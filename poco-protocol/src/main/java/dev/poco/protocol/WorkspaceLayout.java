package dev.poco.protocol;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where a session's files live, shared by the runner (which writes them) and the server (which
 * lists and serves them when both run on one host): {@code <root>/<user>/<session>/workspace}
 * (poco's layout, reused by every run of the session), with {@code .claude_data/} (the agent's
 * {@code ~/.claude}) and {@code inputs/} inside. A user id that is not a plain file name is
 * replaced by {@code u-} and a hash, so no user id can form a path.
 */
public final class WorkspaceLayout {

    public static final String WORKSPACE_DIR = "workspace";
    public static final String CLAUDE_DATA_DIR = ".claude_data";
    public static final String INPUTS_DIR = "inputs";

    /**
     * Names never shown to users nor exported, at any depth: poco's ignore list ({@code .git}, {@code node_modules},
     * caches…) and the agent's own {@code .claude_data} and {@code .claude} (transcripts, settings).
     */
    public static final Set<String> HIDDEN_NAMES = Set.of(".git", ".hg", ".svn", ".DS_Store", "__pycache__",
            ".pytest_cache", ".mypy_cache", ".ruff_cache", "node_modules", ".venv", "venv", ".next", "dist", "build",
            CLAUDE_DATA_DIR, ".claude");

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private WorkspaceLayout() {}

    public static Path sessionDir(Path root, String userId, UUID sessionId) {
        return root.resolve(userDirName(userId)).resolve(sessionId.toString());
    }

    public static Path workspace(Path root, String userId, UUID sessionId) {
        return sessionDir(root, userId, sessionId).resolve(WORKSPACE_DIR);
    }

    public static String userDirName(String userId) {
        if (PLAIN.matcher(userId).matches() && !userId.equals(".") && !userId.equals("..")) {
            return userId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return "u-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
