package dev.poco.server.pullrequests;

import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.PocoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits what the agent left in its clone and pushes it as a new branch, with the host's git but without trusting
 * anything the agent wrote. The clone's {@code .git} (its config, hooks, attributes' filter drivers) is the agent's,
 * so no git command runs as that repository: a fresh repository in a temporary directory of our own fetches the
 * clone's {@code HEAD} (upload-pack, which git keeps safe for untrusted repositories) and uses the clone only as its
 * work tree to stage the changes. Every command reads neither system nor global configuration, runs no hook, no
 * fsmonitor and no credential helper. The token reaches only the push's process, as an {@code http.extraHeader}
 * given through its environment ({@code GIT_CONFIG_COUNT}): not in a file, not on a command line, not in a URL. The
 * clone itself is never written: its files, index, refs and config stay as the agent left them.
 */
final class HostGitPush {

    private static final Logger log = LoggerFactory.getLogger(HostGitPush.class);
    private static final int MAX_OUTPUT = 16 * 1024;
    private static final String HEAD_REF = "refs/poco/head";
    private static final String ORIGIN_REFS = "refs/poco/origin/";
    private static final String AUTHOR_NAME = "Poco";
    private static final String AUTHOR_EMAIL = "poco@localhost";

    /** Options before every subcommand. */
    private static final List<String> SAFE = List.of(
            "-c", "core.hooksPath=/dev/null",
            "-c", "core.fsmonitor=false",
            "-c", "core.autocrlf=false",
            "-c", "credential.helper=",
            "-c", "protocol.allow=never",
            "-c", "protocol.https.allow=always",
            "-c", "protocol.http.allow=always",
            "-c", "gc.auto=0",
            "-c", "commit.gpgSign=false");

    private final String git;
    private final Duration timeout;

    HostGitPush(String git, Duration timeout) {
        this.git = git;
        this.timeout = timeout;
    }

    /** What was pushed: the branch's commit, and the branch the pull request should go into. */
    record Pushed(String commit, String base) {}

    /**
     * @param clone the agent's clone (a real directory with a real {@code .git} directory, checked by the caller)
     * @param remote where to push, e.g. {@code https://github.com/owner/repo}
     * @param base the branch the session cloned; null when it cloned the default branch (then the one branch the
     *     clone tracks)
     * @param branch the new branch's name, valid ({@link #checkBranchName})
     * @throws PocoException for the user: no changes, push rejected, token refused, GitHub unreachable
     */
    Pushed push(Path clone, String remote, @Nullable String base, String branch, String subject, String details,
            String token) {
        Path temp = null;
        try {
            temp = Files.createTempDirectory("poco-push-"); // 0700: the server's alone
            Path home = Files.createDirectory(temp.resolve("home"));
            // The clone belongs to the sandbox's uid, not to the server's. Said in a global config of our own, as
            // git hands no -c option to the upload-pack it runs in the clone.
            Files.writeString(home.resolve(".gitconfig"), "[safe]\n\tdirectory = *\n");
            Path repo = temp.resolve("repo");
            Git g = new Git(home, repo.resolve(".git"), clone);
            g.require("prepare a repository for the push", null, List.of(), "init", "-q", "--template=",
                    repo.toString());
            g.require("read the session's commits", null, List.of("-c", "protocol.file.allow=always"),
                    "--git-dir=" + g.gitDir, "fetch", "-q", "--update-shallow", "--no-tags", "--no-write-fetch-head",
                    "--",
                    clone.toString(), "+HEAD:" + HEAD_REF, "+refs/remotes/origin/*:" + ORIGIN_REFS + "*");
            String head = g.require("read the session's commit", null, List.of(), "--git-dir=" + g.gitDir,
                    "rev-parse", "--verify", HEAD_REF + "^{commit}").strip();
            String baseBranch = base != null ? base : defaultBranch(g);
            g.require("check out the session's commit", null, List.of(), "--git-dir=" + g.gitDir,
                    "symbolic-ref", "HEAD", "refs/heads/poco-push");
            g.require("check out the session's commit", null, List.of(), "--git-dir=" + g.gitDir,
                    "update-ref", "refs/heads/poco-push", head);
            g.require("check out the session's commit", null, List.of(), "--git-dir=" + g.gitDir, "read-tree",
                    "HEAD");
            g.require("stage the session's changes", clone, List.of(), "--git-dir=" + g.gitDir,
                    "--work-tree=" + clone, "add", "-A");
            Result diff = g.run(null, List.of(), null, "--git-dir=" + g.gitDir, "diff", "--cached", "--quiet", "HEAD");
            String commit;
            if (diff.exit() == 1) {
                g.require("commit the session's changes", clone, List.of("-c", "user.name=" + AUTHOR_NAME,
                                "-c", "user.email=" + AUTHOR_EMAIL), "--git-dir=" + g.gitDir, "--work-tree=" + clone,
                        "commit", "-q", "--no-verify", "-m", subject, "-m", details);
                commit = g.require("read the new commit", null, List.of(), "--git-dir=" + g.gitDir, "rev-parse",
                        "HEAD").strip();
            } else if (diff.exit() == 0) {
                if (alreadyOnBase(g, head, baseBranch)) {
                    throw new ConflictException(ErrorCode.BAD_REQUEST, "No changes to push: the session's"
                            + " repository has no changes and no commits beyond " + baseBranch);
                }
                commit = head; // the agent committed its work itself
            } else {
                throw g.failure("compare the session's changes", diff);
            }
            pushBranch(g, remote, commit, branch, token);
            return new Pushed(commit, baseBranch);
        } catch (IOException e) {
            throw new PocoException(ErrorCode.INTERNAL_ERROR, "Could not prepare the push: " + e.getMessage(), null);
        } finally {
            if (temp != null) {
                deleteTree(temp);
            }
        }
    }

    /** The branch name git accepts for a new branch ({@code git check-ref-format}); 400 otherwise. */
    void checkBranchName(String branch) {
        if (branch.isBlank() || branch.length() > 200 || branch.startsWith("-") || branch.chars().anyMatch(
                c -> c < 0x20 || c == 0x7f)) {
            throw new BadRequestException("Invalid branch name: \"" + branch + "\"");
        }
        Git g = new Git(Path.of("/nonexistent"), Path.of("/nonexistent"), Path.of("/"));
        Result result = g.run(null, List.of(), null, "check-ref-format", "refs/heads/" + branch);
        if (result.exit() != 0) {
            throw new BadRequestException("Invalid branch name: \"" + branch + "\" is not a name git accepts for a"
                    + " branch (no spaces, \"..\", \"~\", \"^\", \":\", \"?\", \"*\", \"[\", \"\\\", \"@{\", and no"
                    + " part starting with \".\" or ending with \".lock\")");
        }
    }

    private String defaultBranch(Git g) {
        String refs = g.require("read the session's branches", null, List.of(), "--git-dir=" + g.gitDir,
                "for-each-ref", "--format=%(refname)", ORIGIN_REFS);
        List<String> branches = refs.lines().map(String::strip).filter(r -> !r.isEmpty())
                .map(r -> r.substring(ORIGIN_REFS.length())).filter(r -> !r.equals("HEAD")).toList();
        if (branches.size() != 1) {
            throw new BadRequestException("Cannot tell which branch the pull request should go into: the session's"
                    + " clone tracks " + (branches.isEmpty() ? "no branch" : String.join(", ", branches))
                    + "; set git_branch on the task or project");
        }
        return branches.getFirst();
    }

    /** Whether {@code head} is already contained in the cloned branch (nothing of the session's to propose). */
    private boolean alreadyOnBase(Git g, String head, String base) {
        Result tip = g.run(null, List.of(), null, "--git-dir=" + g.gitDir, "rev-parse", "--verify", "--quiet",
                ORIGIN_REFS + base + "^{commit}");
        if (tip.exit() != 0) {
            return false;
        }
        return g.run(null, List.of(), null, "--git-dir=" + g.gitDir, "merge-base", "--is-ancestor", head,
                tip.output().strip()).exit() == 0;
    }

    private void pushBranch(Git g, String remote, String commit, String branch, String token) {
        String basic = Base64.getEncoder().encodeToString(("x-access-token:" + token.strip())
                .getBytes(StandardCharsets.UTF_8));
        Map<String, String> auth = Map.of("GIT_CONFIG_COUNT", "1", "GIT_CONFIG_KEY_0", "http.extraHeader",
                "GIT_CONFIG_VALUE_0", "Authorization: Basic " + basic);
        // A new branch only: the lease with no expected value refuses a branch that exists (the base among them),
        // so a push never moves a branch someone else uses.
        Result result = g.run(null, List.of(), auth, "--git-dir=" + g.gitDir, "push", "--porcelain", "--no-verify",
                "--force-with-lease=refs/heads/" + branch + ":", "--", remote, commit + ":refs/heads/" + branch);
        if (result.exit() == 0) {
            log.info("Pushed {} to {} as {}", commit, remote, branch);
            return;
        }
        String out = result.output().toLowerCase(Locale.ROOT);
        String said = lastLine(result.output());
        if (out.contains("[rejected]") || out.contains("non-fast-forward") || out.contains("fetch first")
                || out.contains("already exists") || out.contains("stale info") || out.contains("[remote rejected]")) {
            throw new ConflictException(ErrorCode.BAD_REQUEST, "Push rejected: the branch " + branch
                    + " already exists on GitHub (or the repository refuses it); choose another branch name. git said: "
                    + said);
        }
        if (out.contains("authentication failed") || out.contains("could not read username") || out.contains(" 401")
                || out.contains(" 403") || out.contains("permission to") || out.contains("denied")
                || out.contains("terminal prompts disabled")) {
            throw new BadRequestException("Push rejected: GitHub refused the token, check that the secret holds a"
                    + " valid token with write access to the repository. git said: " + said);
        }
        if (out.contains("repository not found") || out.contains(" 404")) {
            throw new BadRequestException("Push rejected: the repository does not exist, or the token cannot see it."
                    + " git said: " + said);
        }
        throw new PocoException(ErrorCode.EXTERNAL_SERVICE_ERROR, "Could not push to " + remote + ": git said: "
                + said, null);
    }

    private static String lastLine(String output) {
        return output.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.equals("Done")
                && !l.startsWith("To ")).reduce((a, b) -> b).orElse("(no output)");
    }

    private record Result(int exit, String output) {}

    /** git with a clean environment: the temporary home, no system or global config. */
    private final class Git {
        final Path home;
        final Path gitDir;
        final Path clone;

        Git(Path home, Path gitDir, Path clone) {
            this.home = home;
            this.gitDir = gitDir;
            this.clone = clone;
        }

        String require(String what, @Nullable Path dir, List<String> options, String... args) {
            Result result = run(dir, options, null, args);
            if (result.exit() != 0) {
                throw failure(what, result);
            }
            return result.output();
        }

        PocoException failure(String what, Result result) {
            String said = lastLine(result.output());
            if (said.toLowerCase(Locale.ROOT).contains("couldn't find remote ref head")
                    || said.toLowerCase(Locale.ROOT).contains("unknown revision")) {
                return new ConflictException(ErrorCode.BAD_REQUEST, "No changes to push: the session's repository"
                        + " has no commit");
            }
            return new PocoException(ErrorCode.INTERNAL_ERROR, "Could not " + what + " in " + clone + ": git said: "
                    + said, null);
        }

        Result run(@Nullable Path dir, List<String> options, @Nullable Map<String, String> extraEnv,
                String... args) {
            List<String> argv = new ArrayList<>();
            argv.add(git);
            argv.addAll(SAFE);
            argv.addAll(options);
            argv.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
            builder.directory((dir != null ? dir : Files.isDirectory(home) ? home : Path.of("/")).toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            env.put("HOME", home.toString());
            env.put("LANG", "C");
            env.put("GIT_CONFIG_NOSYSTEM", "1");
            Path global = home.resolve(".gitconfig");
            env.put("GIT_CONFIG_GLOBAL", Files.isRegularFile(global) ? global.toString() : "/dev/null");
            env.put("GIT_ATTR_NOSYSTEM", "1");
            env.put("GIT_TERMINAL_PROMPT", "0");
            env.put("GIT_ASKPASS", "/bin/false");
            env.put("GIT_OPTIONAL_LOCKS", "0");
            env.put("GIT_LFS_SKIP_SMUDGE", "1");
            if (extraEnv != null) {
                env.putAll(extraEnv);
            }
            try {
                Process process = builder.start();
                process.getOutputStream().close();
                String output = read(process.getInputStream());
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new PocoException(ErrorCode.EXTERNAL_SERVICE_ERROR, "git " + args[args.length > 1 ? 1 : 0]
                            + " took longer than " + timeout.toSeconds() + " s", null);
                }
                return new Result(process.exitValue(), output);
            } catch (IOException e) {
                throw new PocoException(ErrorCode.INTERNAL_ERROR, "Cannot run git (" + git + "): " + e.getMessage(),
                        null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PocoException(ErrorCode.INTERNAL_ERROR, "Interrupted while git ran", null);
            }
        }
    }

    /** The output, keeping its last {@link #MAX_OUTPUT} characters. */
    private static String read(InputStream in) throws IOException {
        StringBuilder out = new StringBuilder();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            if (out.length() > 2 * MAX_OUTPUT) {
                out.delete(0, out.length() - MAX_OUTPUT);
            }
        }
        return out.length() > MAX_OUTPUT ? out.substring(out.length() - MAX_OUTPUT) : out.toString();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("Cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            log.warn("Cannot delete {}: {}", dir, e.toString());
        }
    }
}
