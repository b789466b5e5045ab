package dev.poco.runner.workspace;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clones a run's GitHub repository into {@code /workspace/<repo>} (poco's layout), on the host, before the sandbox
 * starts: the sandbox may have no network, and the token must never enter it.
 *
 * <ul>
 *   <li>The token reaches only this git process, as an {@code Authorization} header in its environment ({@code
 *       GIT_CONFIG_COUNT}): not on its command line, not in the clone's {@code .git/config}, not in the URL, which
 *       stays {@code https://github.com/owner/repo} as the remote.</li>
 *   <li>Nothing of the host's or the repository's configuration runs: no system or global config, a fresh
 *       {@code HOME}, no templates, hooks off, no credential helpers or prompts, only http(s), no submodules. A clone
 *       runs no hook the repository holds, and filters come only from configuration, of which there is none.</li>
 *   <li>Shallow ({@code --depth 1}) on one branch; the clone lands in a directory beside the workspace and is moved
 *       in whole, so a half clone never shows and no link planted in the workspace is followed.</li>
 *   <li>Only the first run of a session clones; later runs find the repository there (with the agent's changes) and
 *       leave it alone: running the host's git on a {@code .git} the agent wrote could run what it planted.</li>
 * </ul>
 */
public final class RepositoryCloner {

    private static final Logger log = LoggerFactory.getLogger(RepositoryCloner.class);
    private static final Pattern GITHUB = Pattern.compile("https://github\\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int MAX_ERROR = 2000;

    private final String git;
    private final URI githubBase;

    /**
     * @param git the host's git binary
     * @param githubBase where {@code https://github.com} is reached ({@code POCO_RUNNER_GITHUB_URL}; tests and GitHub
     *     Enterprise mirrors point it elsewhere); the remote recorded in the clone stays the github.com URL
     */
    public RepositoryCloner(String git, URI githubBase) {
        this.git = git;
        this.githubBase = githubBase;
    }

    /** What a clone did. */
    public record Cloned(Path directory, boolean fresh) {}

    /**
     * @param url the normalised {@code https://github.com/<owner>/<repo>}
     * @param branch the branch to check out; null for the remote's default
     * @param token the access token, or null for a public repository
     * @param progress receives lines like "Receiving objects: 45%" while git works
     * @throws WorkspaceException with a message for the user: private without a token, wrong token, no such branch…
     */
    public Cloned clone(SessionWorkspace ws, String url, @Nullable String branch, @Nullable String token,
            Consumer<String> progress) {
        var match = GITHUB.matcher(url);
        if (!match.matches()) {
            throw new WorkspaceException("Only GitHub repositories can be cloned (https://github.com/<owner>/<repo>): "
                    + url);
        }
        String name = match.group(2).endsWith(".git") ? match.group(2).substring(0, match.group(2).length() - 4)
                : match.group(2);
        name = name.isBlank() || name.startsWith(".") ? "repo" : name;
        Path target = ws.workspace().resolve(name);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return new Cloned(target, false);
        }
        Path staging = ws.sessionDir().resolve(".clone-" + Long.toHexString(System.nanoTime()));
        Path home = ws.sessionDir().resolve(".clone-home-" + Long.toHexString(System.nanoTime()));
        try {
            Files.createDirectories(home);
            List<String> argv = new ArrayList<>(List.of(git, "-c", "core.hooksPath=/dev/null",
                    "-c", "credential.helper=", "-c", "core.fsmonitor=false", "-c", "protocol.allow=never",
                    "-c", "protocol.https.allow=always", "-c", "protocol.http.allow=always",
                    "clone", "--progress", "--depth", "1", "--single-branch", "--no-tags", "--template=",
                    "--recurse-submodules=no"));
            if (branch != null && !branch.isBlank()) {
                argv.addAll(List.of("--branch", branch.strip()));
            }
            argv.addAll(List.of("--", fetchUrl(match.group(1), match.group(2)), staging.toString()));
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                    .directory(ws.sessionDir().toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            env.put("HOME", home.toString());
            env.put("LANG", "C");
            env.put("GIT_TERMINAL_PROMPT", "0");
            env.put("GIT_CONFIG_NOSYSTEM", "1");
            env.put("GIT_CONFIG_GLOBAL", "/dev/null");
            env.put("GIT_ASKPASS", "/bin/false");
            env.put("GIT_LFS_SKIP_SMUDGE", "1");
            if (token != null && !token.isBlank()) {
                String basic = Base64.getEncoder().encodeToString(("x-access-token:" + token.strip())
                        .getBytes(StandardCharsets.UTF_8));
                env.put("GIT_CONFIG_COUNT", "1");
                env.put("GIT_CONFIG_KEY_0", "http.extraHeader");
                env.put("GIT_CONFIG_VALUE_0", "Authorization: Basic " + basic);
            }
            Process process = builder.start();
            StringBuilder output = new StringBuilder();
            int[] lastPercent = {-1};
            try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
                int c;
                StringBuilder line = new StringBuilder();
                while ((c = reader.read()) >= 0) {
                    if (c == '\r' || c == '\n') {
                        report(line.toString(), progress, lastPercent);
                        output.append(line).append('\n');
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                }
                output.append(line);
            }
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new WorkspaceException("Cloning " + url + " took longer than " + TIMEOUT.toMinutes()
                        + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new WorkspaceException(explain(url, branch, token != null && !token.isBlank(),
                        output.toString()));
            }
            // The remote the agent sees is github.com's, whatever mirror served the clone, and never carries a token.
            setOrigin(staging, url, home);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            log.info("Cloned {} ({}) into {}", url, branch == null ? "default branch" : branch, target);
            return new Cloned(target, true);
        } catch (IOException e) {
            throw new WorkspaceException("Could not clone " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkspaceException("Cloning " + url + " was interrupted", e);
        } finally {
            deleteTree(staging);
            deleteTree(home);
        }
    }

    private String fetchUrl(String owner, String repo) {
        String base = githubBase.toString();
        return (base.endsWith("/") ? base : base + "/") + owner + "/" + repo;
    }

    private void setOrigin(Path repo, String url, Path home) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(git, "-C", repo.toString(), "remote", "set-url", "origin", url)
                .redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("git remote set-url failed: " + out.strip());
        }
    }

    private static void report(String line, Consumer<String> progress, int[] lastPercent) {
        var percent = PERCENT.matcher(line);
        if ((line.startsWith("Receiving objects") || line.startsWith("Resolving deltas")
                || line.startsWith("Updating files")) && percent.find()) {
            int value = Integer.parseInt(percent.group(1));
            if (value / 10 != lastPercent[0] / 10 || value == 100 && lastPercent[0] != 100) {
                lastPercent[0] = value;
                progress.accept(line.replaceAll(",.*$", "").replaceAll("\\s*\\(.*$", "").strip());
            }
        }
    }

    /** git's stderr as a sentence the user can act on, with git's own last lines for the rest. */
    static String explain(String url, @Nullable String branch, boolean withToken, String output) {
        String lower = output.toLowerCase(java.util.Locale.ROOT);
        String why;
        if (lower.contains("remote branch") && lower.contains("not found")) {
            why = "the branch \"" + branch + "\" does not exist in the repository";
        } else if (lower.contains("authentication failed") || lower.contains("could not read username")
                || lower.contains("terminal prompts disabled") || lower.contains(" 401") || lower.contains(" 403")) {
            why = withToken ? "the token was refused: check that the secret holds a valid token with access to this"
                    + " repository"
                    : "the repository is private (or does not exist): set git_token_env_key to the name of a secret"
                            + " holding a GitHub token";
        } else if (lower.contains("repository not found") || lower.contains(" 404")) {
            why = "the repository does not exist, or the token cannot see it";
        } else if (lower.contains("could not resolve host") || lower.contains("failed to connect")) {
            why = "GitHub could not be reached from the runner";
        } else {
            why = "git failed";
        }
        String tail = output.strip();
        if (tail.length() > MAX_ERROR) {
            tail = "…" + tail.substring(tail.length() - MAX_ERROR);
        }
        return "Could not clone " + url + (branch == null ? "" : " (branch " + branch + ")") + ": " + why
                + ". git said: " + tail.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("Cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", dir, e.toString());
        }
    }
}
