package dev.poco.runner.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent writes {@code .git}: hooks, config and attributes it plants must never run on the host. Each planted
 * command records itself in a host directory outside the workspace (and, when it can, in {@code $HOME}); a control
 * run of plain host git on a copy proves that the plants are live.
 */
class WorkspaceSecurityTest extends WorkspaceTestBase {

    private static final List<String> HOOKS = List.of("pre-commit", "commit-msg", "prepare-commit-msg", "post-commit",
            "reference-transaction", "post-index-change", "pre-auto-gc", "post-checkout");

    @Test
    void plantedHooksFsmonitorFiltersAndDiffCommandsNeverRunOnTheHost() throws Exception {
        Path hostMarkers = scratch.resolve("host-markers"); // exists on the host only, never in a sandbox
        SessionWorkspace ws = prepare();
        plant(ws.workspace(), hostMarkers);
        UUID run = UUID.randomUUID();

        manager.prepare("user-1", sessionId);
        manager.snapshotBase(ws, run);
        write(ws.workspace().resolve("app.txt"), "changed by the agent\n");
        write(ws.workspace().resolve("more.txt"), "new\n");
        var state = manager.state(ws);
        manager.snapshotResult(ws, run, "completed");

        assertThat(markers(hostMarkers)).as("nothing planted ran on the host").isEmpty();
        assertThat(markers(ws.home()))
                .as("only the clean filter ran, and only inside the sandbox (it wrote to the session home there)")
                .containsOnly("ran-clean");
        assertThat(state.fileChanges()).extracting(c -> c.path()).contains("app.txt", "more.txt");
        assertThat(hostGit(ws.workspace(), "ls-tree", "-r", "--name-only", WorkspaceManager.resultTag(run)))
                .contains("app.txt", "more.txt");

        // Control: the same plants fire under plain host git, so the assertions above are meaningful.
        Path copy = scratch.resolve("control");
        // The copy belongs to the host user running the control; the workspace itself to the sandbox uid.
        run(List.of("cp", "-a", "--no-preserve=ownership", ws.workspace().toString(), copy.toString()), Map.of());
        Path controlHome = Files.createDirectories(scratch.resolve("control-home"));
        write(copy.resolve("app.txt"), "changed on the host\n");
        Map<String, String> env = Map.of("HOME", controlHome.toString());
        run(List.of("git", "-C", copy.toString(), "status"), env);
        run(List.of("git", "-C", copy.toString(), "commit", "--no-gpg-sign", "-qam", "host"), env);
        run(List.of("git", "-C", copy.toString(), "diff", "HEAD~1"), env);
        assertThat(markers(hostMarkers)).contains("fsmonitor", "clean", "hook-pre-commit", "hook-post-commit",
                "hook-reference-transaction", "external");
    }

    @Test
    void aPlantedExcludeLinkCannotMakePrepareWriteOnTheHost() throws Exception {
        SessionWorkspace ws = prepare();
        Path victim = write(scratch.resolve("victim.txt"), "untouched\n");
        Path exclude = ws.workspace().resolve(".git/info/exclude");
        Files.delete(exclude);
        Files.createSymbolicLink(exclude, victim);

        manager.prepare("user-1", sessionId);

        assertThat(victim).hasContent("untouched");
        assertThat(Files.isSymbolicLink(exclude)).isFalse();
        assertThat(exclude).content().contains(WorkspaceManager.EXCLUDES);
    }

    @Test
    void gitSeesOnlyTheSandboxAndTheHardenedEnvironment() throws Exception {
        SessionWorkspace ws = prepare();
        SandboxedGit git = new SandboxedGit(driver, GIT_TIMEOUT);

        SandboxedGit.Result result = git.bash(ws, """
                g rev-parse --show-toplevel
                echo "home=$HOME nosystem=$GIT_CONFIG_NOSYSTEM global=$GIT_CONFIG_GLOBAL prompt=$GIT_TERMINAL_PROMPT \
                locks=$GIT_OPTIONAL_LOCKS"
                g config --show-origin --get core.hooksPath
                tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '
                test -e %s && echo HOST-VISIBLE
                """.formatted(scratch), List.of(), null, 1 << 16);

        assertThat(result.stdoutText()).isEqualTo("""
                /workspace
                home=/home/agent nosystem=1 global=/dev/null prompt=0 locks=0
                command line:\t/dev/null
                lo
                """);
    }

    /** Every way git runs a configured command, each pointing at a script that records where it ran. */
    private static void plant(Path workspace, Path hostMarkers) throws Exception {
        Path git = workspace.resolve(".git");
        write(git.resolve("evil.sh"), """
                #!/bin/sh
                kind=$1
                mkdir -p '%s' 2>/dev/null && echo ran >> '%s'/"$kind" 2>/dev/null
                echo ran >> "$HOME/ran-$kind" 2>/dev/null
                case "$kind" in
                  clean|smudge) cat ;;
                  textconv) cat "$2" ;;
                esac
                exit 0
                """.formatted(hostMarkers, hostMarkers));
        for (String hook : HOOKS) {
            Path script = write(git.resolve("hooks").resolve(hook), "#!/bin/sh\nexec sh .git/evil.sh hook-" + hook
                    + " </dev/null\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        hostGit(workspace, "config", "core.fsmonitor", "sh .git/evil.sh fsmonitor");
        hostGit(workspace, "config", "core.pager", "sh .git/evil.sh pager");
        hostGit(workspace, "config", "core.sshCommand", "sh .git/evil.sh ssh");
        hostGit(workspace, "config", "diff.external", "sh .git/evil.sh external");
        hostGit(workspace, "config", "filter.evil.clean", "sh .git/evil.sh clean");
        hostGit(workspace, "config", "filter.evil.smudge", "sh .git/evil.sh smudge");
        hostGit(workspace, "config", "diff.evil.textconv", "sh .git/evil.sh textconv");
        hostGit(workspace, "config", "core.hooksPath", ".git/hooks");
        hostGit(workspace, "config", "commit.gpgsign", "true");
        hostGit(workspace, "config", "gpg.program", "sh .git/evil.sh gpg");
        write(workspace.resolve(".gitattributes"), "*.txt filter=evil diff=evil\n");
        write(workspace.resolve("app.txt"), "original\n");
        // Commit the plants with host git, hooks and filters off, so the repository starts in the planted state.
        String[] off = {"-c", "filter.evil.clean=cat", "-c", "filter.evil.smudge=cat", "-c", "commit.gpgsign=false"};
        hostGit(workspace, concat(off, "add", "-A"));
        hostGit(workspace, concat(off, "commit", "-qm", "plant")); // commit re-cleans racily clean files
        assertThat(markers(hostMarkers)).as("planting ran nothing").isEmpty();
    }

    private static String[] concat(String[] first, String... rest) {
        return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
    }
}
