package dev.poco.protocol.folders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * git on the host, for a user's repository and its session worktrees, run so that nothing of the host's or the agent's
 * making executes: a cleared environment with no system or global configuration and a nonexistent {@code HOME}, hooks
 * off ({@code core.hooksPath=/dev/null}), no fsmonitor, no signing, no pager, no network protocols, no prompts. The
 * filters and merge drivers the repository's own configuration defines are switched off for every call
 * ({@link #neutralising}): a {@code .gitattributes} the agent wrote could otherwise pick one of them, and the runner or
 * server may be root. Commands always name {@code --git-dir} and {@code --work-tree} (see {@link Worktrees}), diffs are
 * taken with {@code --no-ext-diff --no-textconv}, and a {@code .git} file the agent rewrote in its worktree is never followed.
 */
public final class HostGit {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern DRIVER = Pattern.compile("(filter|merge)\\.(.+)\\.([a-z]+)");
    private static final int MAX_OUTPUT = 8 << 20;

    private final String git;

    /** @param git the git binary, {@code git} for the one on the {@code PATH} */
    public HostGit(String git) {
        this.git = git;
    }

    /** What one git call did: its exit code, stdout and stderr. */
    public record Result(int exit, String out, String err) {

        public boolean ok() {
            return exit == 0;
        }

        /** stdout without the trailing newline. */
        public String line() {
            return out.strip();
        }

        /** git's last non-blank line of stderr (or stdout), for messages. */
        public String said() {
            String text = err.isBlank() ? out : err;
            return text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("").strip();
        }
    }

    /** Runs git with {@code args} in {@code repoGitDir}'s configuration, neutralised; extra variables in {@code env}. */
    public Result run(Path gitDir, Map<String, String> env, List<String> args) {
        List<String> argv = new ArrayList<>(base());
        argv.addAll(neutralising(gitDir));
        argv.addAll(args);
        return exec(argv, env);
    }

    /** {@link #run(Path, Map, List)} without extra variables. */
    public Result run(Path gitDir, String... args) {
        return run(gitDir, Map.of(), List.of(args));
    }

    /** {@code -c} options that switch off each filter and merge driver the repository configures. */
    List<String> neutralising(Path gitDir) {
        List<String> argv = new ArrayList<>(base());
        argv.addAll(List.of("--git-dir=" + gitDir, "config", "--list", "--name-only", "--includes"));
        Result config = exec(argv, Map.of());
        List<String> off = new ArrayList<>();
        for (String key : config.out().lines().toList()) {
            Matcher m = DRIVER.matcher(key.strip());
            if (!m.matches()) {
                continue;
            }
            String name = m.group(2);
            switch (m.group(1)) {
                case "filter" -> off.addAll(List.of("-c", "filter." + name + ".clean=", "-c", "filter." + name
                        + ".smudge=", "-c", "filter." + name + ".process=", "-c", "filter." + name + ".required=false"));
                // a driver that always fails: the merge reports a conflict, which we refuse, and runs nothing
                default -> off.addAll(List.of("-c", "merge." + name + ".driver=false"));
            }
        }
        return off;
    }

    private List<String> base() {
        return List.of(git, "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c",
                "commit.gpgSign=false", "-c", "tag.gpgSign=false", "-c", "core.pager=cat", "-c", "safe.directory=*",
                "-c", "protocol.allow=never", "-c", "submodule.recurse=false", "-c", "core.sshCommand=false", "-c",
                "credential.helper=", "-c", "uploadpack.packObjectsHook=", "-c", "core.editor=false",
                "-c", "sequence.editor=false", "-c", "gc.auto=0", "-c", "maintenance.auto=false");
    }

    private Result exec(List<String> argv, Map<String, String> extra) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", "/nonexistent");
        env.put("LANG", "C");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_ATTR_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "Poco");
        env.put("GIT_AUTHOR_EMAIL", "poco@localhost");
        env.put("GIT_COMMITTER_NAME", "Poco");
        env.put("GIT_COMMITTER_EMAIL", "poco@localhost");
        env.putAll(new LinkedHashMap<>(extra));
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()),
                    Thread::startVirtualThread);
            String out = read(process.getInputStream());
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LocalFolderException(LocalFolderException.Kind.CONFLICT, "git took longer than "
                        + TIMEOUT.toMinutes() + " minutes: " + String.join(" ", argv.subList(argv.size() - 1,
                        argv.size())));
            }
            return new Result(process.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + git + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while git ran", e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
