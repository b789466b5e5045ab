package dev.poco.protocol.folders;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.file.Path;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A session's worktree of a read-write folder, as the runner made it and recorded it beside the worktree (never
 * inside, where the agent writes): everything later git calls need, so that none of them reads the worktree's own
 * {@code .git} file.
 *
 * @param repository the main checkout's real path
 * @param worktree the worktree's directory, below the session's directory under the runner's workspaces root
 * @param gitDir the worktree's administrative directory ({@code <repository>/.git/worktrees/<id>})
 * @param branch the session's branch, {@code poco/<session-short-id>}
 * @param base the branch the worktree started from and merges into
 * @param baseCommit the commit of {@code base} the worktree started from
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Worktree(String repository, String worktree, String gitDir, String branch, String base,
        String baseCommit) {

    public Path repositoryPath() {
        return Path.of(repository);
    }

    public Path worktreePath() {
        return Path.of(worktree);
    }

    public Path gitDirPath() {
        return Path.of(gitDir);
    }

    /** The main repository's {@code .git} directory, which the sandbox gets read-only so git works in the worktree. */
    public Path commonDir() {
        return repositoryPath().resolve(".git");
    }
}
