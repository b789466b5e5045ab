package dev.poco.server.localfolders;

import dev.poco.protocol.Envelope;
import dev.poco.protocol.folders.WorktreeDiff;
import dev.poco.protocol.folders.WorktreeMerge;
import dev.poco.server.auth.Caller;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Local folders: what may be attached, a session's folders, and the review and merge of a read-write one. Ours. */
@RestController
class LocalFolderController {

    private final LocalFolderReviews reviews;

    LocalFolderController(LocalFolderReviews reviews) {
        this.reviews = reviews;
    }

    /** The allowed roots ({@code POCO_LOCAL_FOLDERS}), so a client can offer them; {@code enabled} false when none. */
    @GetMapping("/api/v1/local-folders")
    Envelope<LocalFolderReviews.LocalFolderRootsView> localFolderRoots(Caller caller) {
        return Envelope.ok(reviews.roots());
    }

    @GetMapping("/api/v1/sessions/{sessionId}/local-folders")
    Envelope<List<LocalFolderReviews.SessionFolderView>> sessionLocalFolders(Caller caller,
            @PathVariable UUID sessionId) {
        return Envelope.ok(reviews.list(caller, sessionId));
    }

    /** The session's changes in a read-write folder against its base branch: files and unified diff. */
    @GetMapping("/api/v1/sessions/{sessionId}/local-folders/{name}/diff")
    Envelope<WorktreeDiff> localFolderDiff(Caller caller, @PathVariable UUID sessionId, @PathVariable String name) {
        return Envelope.ok(reviews.diff(caller, sessionId, name));
    }

    /**
     * Commits the worktree's pending changes on the session's branch and merges the branch into the base branch of the
     * main checkout; 409 with the reason (dirty checkout, another branch out, a conflict), nothing changed, otherwise.
     */
    @PostMapping("/api/v1/sessions/{sessionId}/local-folders/{name}/merge")
    Envelope<WorktreeMerge> mergeLocalFolder(Caller caller, @PathVariable UUID sessionId, @PathVariable String name) {
        WorktreeMerge merged = reviews.merge(caller, sessionId, name);
        return Envelope.ok(merged.merged() ? "Merged" : "Nothing to merge", merged);
    }
}
