package dev.poco.runner.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per way a repository can make git execute a command: the agent plants it in a real workspace, the runner
 * runs its whole git cycle (prepare, base snapshot, state, result snapshot), and the marker the planted command
 * would write in a host directory outside the workspace must not appear. Each case then runs plain host git on a
 * copy to prove the plant is live, so a plant that would never fire cannot make its test pass.
 */
class SandboxedGitHostExecutionTest extends WorkspaceTestBase {

    /**
     * @param name the marker the planted command writes
     * @param config {@code git config} pairs the agent sets in {@code .git/config}
     * @param files workspace files the agent writes (relative path, content); scripts are made executable
     * @param control host git commands that fire the plant on the copy (failures allowed: a fake gpg or ssh makes
     *     git fail after it ran)
     */
    record Vector(String name, List<String> config, Map<String, String> files, List<List<String>> control) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static final String EVIL = "sh .git/evil.sh ";
    private static final List<String> COMMIT = List.of("commit", "-qam", "host");

    static Stream<Vector> vectors() {
        return Stream.of(
                hook("pre-commit", List.of(COMMIT)),
                hook("commit-msg", List.of(COMMIT)),
                hook("post-commit", List.of(COMMIT)),
                hook("reference-transaction", List.of(COMMIT)),
                hook("post-index-change", List.of(List.of("add", "-A"))),
                hook("post-checkout", List.of(List.of("checkout", "-q", "-b", "other"))),
                new Vector("hooks-path", List.of("core.hooksPath", "planted-hooks"),
                        Map.of("planted-hooks/pre-commit", "#!/bin/sh\nexec " + EVIL + "hooks-path\n"), List.of(COMMIT)),
                new Vector("fsmonitor", List.of("core.fsmonitor", EVIL + "fsmonitor"), Map.of(),
                        List.of(List.of("status"))),
                new Vector("clean", List.of("filter.evil.clean", EVIL + "clean"),
                        Map.of(".gitattributes", "*.txt filter=evil\n"), List.of(List.of("add", "-A"))),
                new Vector("smudge", List.of("filter.evil.smudge", EVIL + "smudge"),
                        Map.of(".gitattributes", "*.txt filter=evil\n"),
                        List.of(List.of("rm", "-q", "--cached", "app.txt"), List.of("checkout", "HEAD", "--", "app.txt"))),
                new Vector("process", List.of("filter.evil.process", EVIL + "process"),
                        Map.of(".gitattributes", "*.txt filter=evil\n"), List.of(List.of("add", "-A"))),
                new Vector("external", List.of("diff.external", EVIL + "external"), Map.of(),
                        List.of(List.of("diff"))),
                new Vector("diff-command", List.of("diff.evil.command", EVIL + "diff-command"),
                        Map.of(".gitattributes", "*.txt diff=evil\n"), List.of(List.of("diff"))),
                new Vector("textconv", List.of("diff.evil.textconv", EVIL + "textconv"),
                        Map.of(".gitattributes", "*.txt diff=evil\n"), List.of(List.of("diff"))),
                // git runs gpg.program without a shell, so the plant is a script of its own.
                new Vector("gpg", List.of("commit.gpgSign", "true", "gpg.program", ".git/evil-gpg"),
                        Map.of(".git/evil-gpg", "#!/bin/sh\nexec " + EVIL + "gpg\n"),
                        List.of(List.of("commit", "-S", "-qam", "host"))),
                new Vector("ssh", List.of("core.sshCommand", EVIL + "ssh", "remote.origin.url", "ssh://example.invalid/r"),
                        Map.of(), List.of(List.of("fetch", "-q", "origin"))),
                new Vector("pager", List.of("core.pager", EVIL + "pager"), Map.of(), List.of(List.of("log"))),
                new Vector("include", List.of("include.path", "../planted.cfg"),
                        Map.of("planted.cfg", "[core]\n\tfsmonitor = " + EVIL + "include\n"),
                        List.of(List.of("status"))));
    }

    private static Vector hook(String hook, List<List<String>> control) {
        return new Vector("hook-" + hook, List.of(),
                Map.of(".git/hooks/" + hook, "#!/bin/sh\nexec " + EVIL + "hook-" + hook + " </dev/null\n"), control);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void aPlantedCommandNeverRunsOnTheHost(Vector vector) throws Exception {
        Path hostMarkers = scratch.resolve("host-markers"); // exists on the host only, never in a sandbox
        SessionWorkspace ws = prepare();
        plant(ws.workspace(), hostMarkers, vector);
        UUID run = UUID.randomUUID();

        try {
            manager.prepare("user-1", sessionId);
            manager.snapshotBase(ws, run);
            write(ws.workspace().resolve("app.txt"), "changed by the agent\n");
            manager.state(ws);
            manager.snapshotResult(ws, run, "completed");
            assertThat(hostGit(ws.workspace(), "ls-tree", "-r", "--name-only", WorkspaceManager.resultTag(run)))
                    .as("the snapshot still worked").contains("app.txt");
        } catch (WorkspaceException e) {
            // A filter that breaks git inside the sandbox (the fake long-running "process" filter) fails the
            // snapshot: the agent can only spoil its own repository, which is not what this test is about.
            assertThat(vector.name()).as("snapshot failed: %s", e.getMessage()).isEqualTo("process");
        }

        assertThat(markers(hostMarkers)).as("nothing planted ran on the host").isEmpty();

        // Control: plain host git on a copy fires the plant.
        Path copy = scratch.resolve("control");
        run(List.of("cp", "-a", "--no-preserve=ownership", ws.workspace().toString(), copy.toString()), Map.of());
        write(copy.resolve("app.txt"), "changed on the host\n");
        for (List<String> command : vector.control()) {
            controlGit(copy, command);
        }
        assertThat(markers(hostMarkers)).as("control: host git runs the plant").contains(vector.name());
    }

    private static void plant(Path workspace, Path hostMarkers, Vector vector) throws Exception {
        write(workspace.resolve(".git/evil.sh"), """
                #!/bin/sh
                kind=$1
                mkdir -p '%s' 2>/dev/null && echo ran >> '%s'/"$kind" 2>/dev/null
                case "$kind" in
                  clean|smudge) cat ;;
                  textconv) cat "$2" ;;
                esac
                exit 0
                """.formatted(hostMarkers, hostMarkers));
        write(workspace.resolve("app.txt"), "original\n");
        for (var file : vector.files().entrySet()) {
            Path path = write(workspace.resolve(file.getKey()), file.getValue());
            if (file.getValue().startsWith("#!")) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        for (int i = 0; i < vector.config().size(); i += 2) {
            hostGit(workspace, "config", vector.config().get(i), vector.config().get(i + 1));
        }
        assertThat(markers(hostMarkers)).as("planting ran nothing").isEmpty();
    }

    /**
     * Host git as a careless tool would run it, with a terminal (through {@code script}) so that a pager runs too;
     * its exit status does not matter, only whether the plant fired.
     */
    private void controlGit(Path repo, List<String> args) throws Exception {
        List<String> git = new ArrayList<>(List.of("git", "-C", repo.toString()));
        git.addAll(args);
        String line = String.join(" ", git.stream().map(SandboxedGit::shellQuote).toList());
        ProcessBuilder builder = new ProcessBuilder("script", "-qec", line, "/dev/null").redirectErrorStream(true);
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        builder.environment().put("HOME", Files.createDirectories(scratch.resolve("control-home")).toString());
        builder.environment().put("TERM", "dumb");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s: %s", git, output).isTrue();
    }
}
