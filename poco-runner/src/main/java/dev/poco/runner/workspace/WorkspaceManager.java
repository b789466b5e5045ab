package dev.poco.runner.workspace;

import dev.poco.protocol.AgentState;
import dev.poco.protocol.spec.InputFile;
import dev.poco.runner.sandbox.SandboxDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One workspace per session, reused by every run of it, as in poco: {@code <root>/<user>/<session>/workspace} (a git
 * repository, mounted at {@code /workspace}) with {@code .claude_data/} and {@code inputs/} inside, and the agent's
 * home beside it. Each run is bracketed by a base tag and a result commit and tag (poco's RunSnapshotHook), and
 * {@link #state} reports the changes against {@code HEAD} (poco's WorkspaceHook).
 *
 * <p>Every git command runs in a short-lived sandbox of the given driver, never on the host: the agent writes the
 * repository, hooks and config included (see {@link SandboxedGit}). Host-side writes never follow a link inside the
 * workspace.
 *
 * <p>Thread-safe for different sessions. Calls for one session must not overlap, and {@link #prepare}, the snapshot
 * methods and {@link #stageInputs} must not run while an agent sandbox of that session runs (they may remove a stale
 * {@code index.lock} and replace planted links). Every method blocks; each git command is limited to the git timeout.
 */
public final class WorkspaceManager {

    /** Appended to {@code .git/info/exclude} (poco's list); each pattern once. */
    public static final List<String> EXCLUDES = List.of(".git/", ".hg/", ".svn/", ".DS_Store", "__pycache__/",
            ".pytest_cache/", ".mypy_cache/", ".ruff_cache/", "node_modules/", ".venv/", "venv/", ".next/", "dist/",
            "build/", ".claude_data/", ".claude/", "inputs/");
    public static final String GIT_USER_NAME = "poco";
    public static final String GIT_USER_EMAIL = "poco@localhost";

    private static final Logger log = LoggerFactory.getLogger(WorkspaceManager.class);
    private static final String CONFIGURE_SCRIPT = """
            set -e
            g config user.name %s
            g config user.email %s
            g config commit.gpgsign false
            f=$(g rev-parse --git-path info/exclude)
            mkdir -p -- "$(dirname -- "$f")"
            if [ -L "$f" ]; then rm -f -- "$f"; fi
            touch -- "$f"
            if [ -s "$f" ] && [ -n "$(tail -c 1 -- "$f")" ]; then echo >> "$f"; fi
            for p in "$@"; do grep -qxF -- "$p" "$f" || printf '%%s\\n' "$p" >> "$f"; done
            """.formatted(SandboxedGit.shellQuote(GIT_USER_NAME), SandboxedGit.shellQuote(GIT_USER_EMAIL));
    /**
     * Stages everything but {@code .claude_data/} and {@code inputs/}, whatever the agent did to the exclude file
     * (they are taken out of the index again, even if the agent committed them). A git killed mid-write (a cancelled
     * agent) leaves {@code index.lock} behind, which would fail every later add; no git runs at this point, so it goes.
     */
    private static final String STAGE_ALL_SCRIPT = """
            set -e
            lock=$(g rev-parse --git-path index.lock)
            if [ -f "$lock" ]; then rm -f -- "$lock"; echo "poco: removed stale $lock" >&2; fi
            g add -A
            g --literal-pathspecs rm -r -q --cached --ignore-unmatch -- .claude_data inputs
            """;
    /** Repository, identity and excludes ($@), and the poco:init commit when there is none yet. */
    private static final String PREPARE_SCRIPT = """
            set -e
            if ! g rev-parse --git-dir >/dev/null 2>&1; then g -c init.defaultBranch=main init -q; fi
            """ + CONFIGURE_SCRIPT.replace("set -e\n", "") + """
            if ! g rev-parse -q --verify HEAD >/dev/null; then
            """ + STAGE_ALL_SCRIPT.replace("set -e\n", "") + """
              g commit -q --allow-empty --no-verify -m poco:init
            fi
            """;
    /** With $RUN and $TAG set: commit what changed since the last snapshot, then tag HEAD. */
    private static final String BASE_BODY = STAGE_ALL_SCRIPT.replace("set -e\n", "") + """
            if ! g rev-parse -q --verify HEAD >/dev/null || ! g diff --cached --quiet --no-ext-diff; then
              g commit -q --allow-empty --no-verify -m "poco:pre-run $RUN"
            fi
            g tag -f "$TAG" HEAD
            """;
    /** $1 run id, $2 tag. */
    private static final String BASE_SCRIPT = "set -e\nRUN=\"$1\"; TAG=\"$2\"\n" + BASE_BODY;
    /**
     * $1 message, $2 tag, then optionally $3 base tag and $4 its commit: a run that started on a live agent had its
     * base tag deferred to here (the commit it names was known, and nothing ran git in between but the agent).
     */
    private static final String RESULT_SCRIPT = """
            set -e
            if [ -n "${3:-}" ]; then g tag -f "$3" "$4"; fi
            """ + STAGE_ALL_SCRIPT.replace("set -e\n", "") + """
            g commit -q --allow-empty --no-verify -m "$1"
            g tag -f "$2" HEAD
            g rev-parse HEAD
            """;
    /** A pooled workspace: repository, identity, excludes and the poco:init commit, then the commit's id. */
    private static final String POOLED_SCRIPT = PREPARE_SCRIPT + "g rev-parse HEAD\n";
    private static final int MAX_OUTCOME_CHARS = 200;

    private final Path root;
    private final SandboxDriver driver;
    private final SandboxedGit git;
    private final WorkspaceStateReader stateReader;
    private final InputStager inputStager = new InputStager();

    /**
     * @param workspacesRoot directory holding every user's sessions; created when missing
     * @param driver runs every git command; the same driver (and isolation) as the agent's
     * @param gitTimeout wall-clock limit of one git command (for {@link #state}, of each of its two sandboxes)
     */
    public WorkspaceManager(Path workspacesRoot, SandboxDriver driver, Duration gitTimeout) {
        this(workspacesRoot, driver, gitTimeout, Clock.systemUTC());
    }

    WorkspaceManager(Path workspacesRoot, SandboxDriver driver, Duration gitTimeout, Clock clock) {
        this.root = workspacesRoot.toAbsolutePath().normalize();
        this.driver = driver;
        this.git = new SandboxedGit(Objects.requireNonNull(driver, "driver"), gitTimeout);
        this.stateReader = new WorkspaceStateReader(git, clock);
    }

    /** Where the session's workspace lives; touches nothing. */
    public SessionWorkspace layout(String userId, UUID sessionId) {
        return SessionWorkspace.of(root, userId, sessionId);
    }

    /**
     * Creates what is missing, idempotently: the directories (session 0711, workspace 0755, home 0700; a link or file
     * the agent left at {@code .claude_data} or {@code inputs} becomes a directory), the repository (branch {@code
     * main}), its local identity ({@value #GIT_USER_NAME} / {@value #GIT_USER_EMAIL}, no signing), {@link #EXCLUDES}
     * in {@code info/exclude}, and a {@code poco:init} commit of the current files when there is no commit yet.
     *
     * @throws WorkspaceException if a directory cannot be created or a git step fails
     */
    public SessionWorkspace prepare(String userId, UUID sessionId) {
        SessionWorkspace ws = createDirectories(userId, sessionId);
        runScript(ws, "init (repository, identity, excludes)", PREPARE_SCRIPT, EXCLUDES);
        return ws;
    }

    /**
     * {@link #prepare} and {@link #snapshotBase} in one sandboxed git run, as a run starts: every
     * sandbox costs a process start, and this is on the path from claim to the agent's first step.
     */
    public SessionWorkspace prepareRun(String userId, UUID sessionId, UUID runId) {
        SessionWorkspace ws = createDirectories(userId, sessionId);
        snapshotRunBase(ws, runId);
        return ws;
    }

    /**
     * The run's directories without git: what a sandbox needs to start. {@link #snapshotRunBase} does the git part,
     * so that it can overlap the CLI's start-up (issue 12).
     */
    public SessionWorkspace createRunDirectories(String userId, UUID sessionId) {
        return createDirectories(userId, sessionId);
    }

    /**
     * The git half of {@link #prepareRun}: repository, identity, excludes, and the base tag (after committing what
     * changed outside any run). Safe to run while the run's CLI starts, as long as the CLI's git probes take no
     * index lock ({@code GIT_OPTIONAL_LOCKS=0}) and the first user message waits for it.
     */
    public void snapshotRunBase(SessionWorkspace ws, UUID runId) {
        List<String> args = new ArrayList<>(List.of(runId.toString(), baseTag(runId)));
        args.addAll(EXCLUDES);
        runScript(ws, "init and base snapshot", "RUN=\"$1\"; TAG=\"$2\"; shift 2\n" + PREPARE_SCRIPT + BASE_BODY,
                args);
    }

    // ---- pooled workspaces (warm agents) --------------------------------------------------

    /** Where pooled workspaces live: beside the sessions' root, on the same filesystem, never inside a user's dir. */
    public Path poolRoot() {
        return root.resolveSibling(root.getFileName() + "-warm");
    }

    /**
     * Creates an empty pooled workspace {@code <pool root>/<id>} (the session layout: {@code workspace/} with {@code
     * .claude_data/} and {@code inputs/}, {@code home/}) with its repository and {@code poco:init} commit.
     *
     * @return the workspace and the commit {@code HEAD} is at
     * @throws WorkspaceException if a directory cannot be created or git fails
     */
    public Pooled preparePooled(String id) {
        SessionWorkspace ws = SessionWorkspace.at(poolRoot().resolve(id));
        try {
            HostFiles.createDirectory(poolRoot(), "rwx--x--x");
            createDirectories(ws);
        } catch (IOException e) {
            throw new WorkspaceException("cannot create the pooled workspace " + ws.sessionDir() + ": " + e, e);
        }
        SandboxedGit.Result result = runScript(ws, "pooled init", POOLED_SCRIPT, EXCLUDES);
        return new Pooled(ws, lastLine(result));
    }

    /** A pooled workspace and its {@code poco:init} commit. */
    public record Pooled(SessionWorkspace workspace, String head) {}

    /**
     * Makes a pooled workspace the session's: one rename of its directory (sandboxes that have it mounted keep it, the
     * bind follows the inode) into the session's place, which must not exist yet, and tells the sandbox driver, whose
     * uid lease and watchdogs follow the path.
     *
     * @throws WorkspaceException if the session already has a directory or the rename fails (another filesystem)
     */
    public SessionWorkspace adopt(SessionWorkspace pooled, String userId, UUID sessionId) {
        SessionWorkspace target = layout(userId, sessionId);
        try {
            HostFiles.createDirectory(Objects.requireNonNull(target.sessionDir().getParent()), "rwx--x--x");
            if (Files.exists(target.sessionDir(), LinkOption.NOFOLLOW_LINKS)) {
                throw new WorkspaceException("the session already has a workspace at " + target.sessionDir());
            }
            Files.move(pooled.sessionDir(), target.sessionDir(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new WorkspaceException("cannot move the pooled workspace " + pooled.sessionDir() + " to "
                    + target.sessionDir() + ": " + e, e);
        }
        driver.moved(pooled.sessionDir(), target.sessionDir());
        return target;
    }

    /** Deletes a pooled workspace (or every one, given the pool root), never following links. Never throws. */
    public void deletePooled(Path dir) {
        if (!dir.startsWith(poolRoot()) || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            deleteTree(dir);
        } catch (IOException e) {
            log.warn("Cannot delete the pooled workspace {}: {}", dir, e.toString());
        }
    }

    /** Deletes {@code dir} and everything below it, never following links (a link is deleted, not its target). */
    public static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, @Nullable IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private SessionWorkspace createDirectories(String userId, UUID sessionId) {
        SessionWorkspace ws = layout(userId, sessionId);
        try {
            HostFiles.createDirectory(Objects.requireNonNull(ws.sessionDir().getParent()), "rwx--x--x");
            createDirectories(ws);
        } catch (IOException e) {
            throw new WorkspaceException("cannot create the workspace directories in " + ws.sessionDir() + ": " + e, e);
        }
        return ws;
    }

    private static void createDirectories(SessionWorkspace ws) throws IOException {
        HostFiles.createDirectory(ws.sessionDir(), "rwx--x--x");
        HostFiles.createDirectory(ws.workspace(), "rwxr-xr-x");
        HostFiles.createDirectory(ws.home(), "rwx------");
        HostFiles.ensureRealDirectory(ws.claudeData(), "rwxr-xr-x");
        HostFiles.ensureRealDirectory(ws.inputs(), "rwxr-xr-x");
    }

    /**
     * Tags {@code poco/run/<run>/base} at {@code HEAD}, the point {@link #state} and the result commit compare to.
     * Changes made since the last snapshot (outside any run) are committed first as {@code poco:pre-run <run>}, so
     * they do not count as the run's. Moves the tag if it exists.
     *
     * @throws WorkspaceException if a git step fails
     */
    public void snapshotBase(SessionWorkspace ws, UUID runId) {
        runScript(ws, "base snapshot", BASE_SCRIPT, List.of(runId.toString(), baseTag(runId)));
    }

    /**
     * Commits everything (except {@code .claude_data/} and {@code inputs/}) as {@code poco:run <run> <outcome>}, even
     * when nothing changed, and tags it {@code poco/run/<run>/result}.
     *
     * @param outcome for example {@code completed} or {@code failed TimeoutError}; reduced to one line of printable
     *     ASCII, at most 200 characters
     * @throws WorkspaceException if a git step fails
     */
    public void snapshotResult(SessionWorkspace ws, UUID runId, String outcome) {
        snapshotResult(ws, runId, outcome, null);
    }

    /**
     * {@link #snapshotResult(SessionWorkspace, UUID, String)}, first tagging the run's base at {@code deferredBase}
     * when the run started on a live agent (its base tag was not written before the agent's turn; the commit it
     * names was known then).
     *
     * @return the result commit, which the session's next run on a live agent starts from
     */
    public String snapshotResult(SessionWorkspace ws, UUID runId, String outcome, @Nullable String deferredBase) {
        String message = ("poco:run " + runId + " " + oneLine(outcome)).strip();
        List<String> args = deferredBase == null ? List.of(message, resultTag(runId))
                : List.of(message, resultTag(runId), baseTag(runId), deferredBase);
        return lastLine(runScript(ws, "result snapshot", RESULT_SCRIPT, args));
    }

    private static String lastLine(SandboxedGit.Result result) {
        String out = new String(result.stdout(), StandardCharsets.UTF_8).strip();
        int newline = out.lastIndexOf('\n');
        return newline < 0 ? out : out.substring(newline + 1);
    }

    /**
     * poco's WorkspaceHook: remote, branch and file changes against {@code HEAD}, capped (200 files, 20,000 diff
     * characters per file, no diff for binaries), {@code last_change} now. A workspace that is no repository, or
     * where git fails or times out, gives an empty state. Never throws; runs two sandboxes.
     */
    public AgentState.WorkspaceState state(SessionWorkspace ws) {
        return stateReader.read(ws);
    }

    /**
     * Writes the run's {@link InputFile.Attachment}s to {@code inputs/<safe name>} (mode 0644), replacing a file of
     * that name; names (the id, else the source, when unnamed) are reduced to their last path segment and {@code
     * [A-Za-z0-9._ -]}, de-duplicated within the call with {@code -2}, {@code -3}... {@link InputFile.Url}s are not
     * fetched (the runner does not reach arbitrary URLs): they appear in the result with size -1 and their URL as
     * path.
     *
     * @param inputFiles the run's input files ({@code RunSpec.inputFiles()}); empty stages nothing
     * @return what was staged or skipped, in input order
     * @throws WorkspaceException if an attachment has no source, cannot be fetched or cannot be written
     */
    public List<StagedInput> stageInputs(SessionWorkspace ws, List<InputFile> inputFiles, InputFetcher fetcher) {
        return inputStager.stage(ws, inputFiles, fetcher);
    }

    public static String baseTag(UUID runId) {
        return "poco/run/" + runId + "/base";
    }

    public static String resultTag(UUID runId) {
        return "poco/run/" + runId + "/result";
    }

    /** One sandboxed bash run of a script over {@code g} (git with the safe options). */
    private SandboxedGit.Result runScript(SessionWorkspace ws, String what, String script, List<String> args) {
        SandboxedGit.Result result = git.bash(ws, script, args, null, SandboxedGit.DEFAULT_MAX_STDOUT);
        if (result.exitCode() != 0) {
            throw git.failure(ws, what, result);
        }
        if (result.stderrTail().contains("poco: removed stale")) {
            log.info("Removed a stale index.lock in {} (a git process was killed there)", ws.workspace());
        }
        return result;
    }

    private static String oneLine(String outcome) {
        String text = outcome.replaceAll("[^\\x20-\\x7e]", " ").replaceAll(" {2,}", " ").strip();
        return text.length() > MAX_OUTCOME_CHARS ? text.substring(0, MAX_OUTCOME_CHARS) : text;
    }
}
