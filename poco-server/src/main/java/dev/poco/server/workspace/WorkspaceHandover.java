package dev.poco.server.workspace;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.server.common.Json;
import dev.poco.server.storage.BlobInfo;
import dev.poco.server.storage.BlobKeys;
import dev.poco.server.storage.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Moves the files of every session of one user to another, when the sessions themselves changed hands (the first
 * admin of a {@code single_user} installation switched to {@code password} inherits user {@code default}'s sessions).
 * Workspace keys and paths are derived from the owner ({@code workspaces/<user>/<session>/…} in the store,
 * {@code <root>/<user>/<session>} on the runner's disk), and every read checks that a key is the owner's
 * ({@link BlobKeys#isUsersWorkspaceKey}); so the files follow the sessions: the exports (files, manifest, archive),
 * the browser screenshots, and the session directories under {@code POCO_WORKSPACES_ROOT} on this host (where the
 * embedded runner keeps the agent's files, git history and transcripts, so that a follow-up resumes).
 */
@Service
public class WorkspaceHandover {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceHandover.class);

    private final JdbcClient jdbc;
    private final BlobStore blobs;
    private final WorkspaceFiles files;
    private final Json json;

    WorkspaceHandover(JdbcClient jdbc, BlobStore blobs, WorkspaceFiles files, Json json) {
        this.jdbc = jdbc;
        this.blobs = blobs;
        this.files = files;
        this.json = json;
    }

    /**
     * Points the export columns of {@code to}'s sessions that name {@code from}'s keys at {@code to}'s (in the
     * caller's transaction, after the sessions' rows changed hands), and moves the files once that transaction has
     * committed: a rollback leaves everything where it was. A file that cannot be moved is logged with both places.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void handOver(String from, String to) {
        String old = BlobKeys.workspacesOf(from);
        String now = BlobKeys.workspacesOf(to);
        int sessions = jdbc.sql("""
                UPDATE agent_sessions SET
                  workspace_files_prefix = CASE WHEN starts_with(workspace_files_prefix, :old)
                    THEN :now || substr(workspace_files_prefix, length(:old) + 1) ELSE workspace_files_prefix END,
                  workspace_manifest_key = CASE WHEN starts_with(workspace_manifest_key, :old)
                    THEN :now || substr(workspace_manifest_key, length(:old) + 1) ELSE workspace_manifest_key END,
                  workspace_archive_key = CASE WHEN starts_with(workspace_archive_key, :old)
                    THEN :now || substr(workspace_archive_key, length(:old) + 1) ELSE workspace_archive_key END
                WHERE user_id = :to AND (starts_with(workspace_files_prefix, :old)
                  OR starts_with(workspace_manifest_key, :old) OR starts_with(workspace_archive_key, :old))""")
                .param("old", old).param("now", now).param("to", to).update();
        if (sessions > 0) {
            log.info("{} session(s) of user {} now name their exports under {}", sessions, from, now);
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    moveFiles(from, to);
                }
            });
        } else {
            moveFiles(from, to);
        }
    }

    /** The store's and this host's files of {@code from}, to {@code to}'s keys and directory. */
    void moveFiles(String from, String to) {
        int exported = moveBlobs(BlobKeys.workspacesOf(from), BlobKeys.workspacesOf(to));
        int screenshots = moveBlobs(BlobKeys.replaysOf(from), BlobKeys.replaysOf(to));
        int directories = moveDirectories(from, to);
        if (exported + screenshots + directories > 0) {
            log.info("Files of user {} moved to user {}: {} exported file(s), {} screenshot(s), {} session"
                    + " director(ies)", from, to, exported, screenshots, directories);
        }
    }

    private int moveBlobs(String oldPrefix, String newPrefix) {
        List<BlobInfo> all = blobs.list(oldPrefix);
        int moved = 0;
        for (BlobInfo blob : all) {
            String target = newPrefix + blob.key().substring(oldPrefix.length());
            try {
                if (blob.key().endsWith("/manifest.json")) {
                    putManifest(blob, target, oldPrefix, newPrefix);
                } else {
                    copy(blob, target);
                }
                blobs.delete(blob.key());
                moved++;
            } catch (IOException | RuntimeException e) {
                log.error("Could not move {} to {} (move it by hand): {}", blob.key(), target, e.toString());
            }
        }
        return moved;
    }

    private void copy(BlobInfo blob, String target) throws IOException {
        Optional<InputStream> bytes = blobs.get(blob.key());
        if (bytes.isEmpty()) {
            return; // gone meanwhile
        }
        try (InputStream in = bytes.get()) {
            blobs.put(target, in, blob.size(), blob.contentType());
        }
    }

    /** A manifest names each file's key: the keys move with the files. */
    private void putManifest(BlobInfo blob, String target, String oldPrefix, String newPrefix) throws IOException {
        Optional<InputStream> bytes = blobs.get(blob.key());
        if (bytes.isEmpty()) {
            return;
        }
        JsonNode manifest;
        try (InputStream in = bytes.get()) {
            manifest = json.mapper().readTree(in);
        }
        for (JsonNode file : manifest.path("files")) {
            JsonNode key = file.path("key");
            if (file instanceof ObjectNode entry && key.isString() && key.asString().startsWith(oldPrefix)) {
                entry.put("key", newPrefix + key.asString().substring(oldPrefix.length()));
            }
        }
        byte[] rewritten = json.mapper().writeValueAsBytes(manifest);
        blobs.put(target, new ByteArrayInputStream(rewritten), rewritten.length, blob.contentType());
    }

    /** {@code <root>/<from>/<session>} to {@code <root>/<to>/<session>}, renamed (same file system), never copied. */
    private int moveDirectories(String from, String to) {
        Path root = files.root();
        Path source = root.resolve(WorkspaceLayout.userDirName(from));
        Path target = root.resolve(WorkspaceLayout.userDirName(to));
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try {
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                int count;
                try (DirectoryStream<Path> sessions = Files.newDirectoryStream(source)) {
                    count = (int) java.util.stream.StreamSupport.stream(sessions.spliterator(), false).count();
                }
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
                return count;
            }
            int moved = 0;
            try (DirectoryStream<Path> sessions = Files.newDirectoryStream(source)) {
                for (Path session : sessions) {
                    Path to2 = target.resolve(session.getFileName().toString());
                    if (Files.exists(to2, LinkOption.NOFOLLOW_LINKS)) {
                        log.error("Could not move {} to {}: the target exists", session, to2);
                        continue;
                    }
                    Files.move(session, to2, StandardCopyOption.ATOMIC_MOVE);
                    moved++;
                }
            }
            try {
                Files.deleteIfExists(source);
            } catch (IOException e) {
                log.warn("{} is left behind, not empty: {}", source, e.toString());
            }
            return moved;
        } catch (IOException e) {
            log.error("Could not move the session directories {} to {} (move them by hand): {}", source, target,
                    e.toString());
            return 0;
        }
    }
}
