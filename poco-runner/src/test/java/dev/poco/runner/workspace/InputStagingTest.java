package dev.poco.runner.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.protocol.spec.InputFile;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxSpec;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputStagingTest extends WorkspaceTestBase {

    private final List<String> fetched = new ArrayList<>();
    private final InputFetcher fetcher = source -> {
        fetched.add(source);
        if (source.startsWith("missing/")) {
            throw new FileNotFoundException("no object " + source);
        }
        return new ByteArrayInputStream(("content of " + source).getBytes(StandardCharsets.UTF_8));
    };

    @Test
    void writesFilesReadableByTheAgentAndReturnsTheirSandboxPaths() throws Exception {
        SessionWorkspace ws = prepare();

        List<StagedInput> staged = manager.stageInputs(ws, List.of(
                new InputFile.Attachment("1", "report.pdf", "attachments/u/1/file", 9L, "application/pdf"),
                file("data.csv", "attachments/u/2/file")), fetcher);

        assertThat(staged).containsExactly(
                new StagedInput("report.pdf", "/workspace/inputs/report.pdf", 31),
                new StagedInput("data.csv", "/workspace/inputs/data.csv", 31));
        assertThat(ws.inputs().resolve("report.pdf")).hasContent("content of attachments/u/1/file");
        assertThat(Files.getPosixFilePermissions(ws.inputs().resolve("data.csv")))
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(names(ws.inputs())).containsExactlyInAnyOrder("report.pdf", "data.csv");
        assertThat(readInSandbox(ws, "/workspace/inputs/data.csv")).isEqualTo("content of attachments/u/2/file");
    }

    @Test
    void hostileNamesAreReducedToASafeLastSegment() throws Exception {
        SessionWorkspace ws = prepare();

        List<StagedInput> staged = manager.stageInputs(ws, List.of(file("../../etc/passwd", "s/1"),
                file("/abs", "s/2"), file("..", "s/3"), file("a\\b\\c.txt", "s/4"), file("rés umé?*.txt", "s/5"),
                file(" . ", "s/6"), file("", "attachments/u/7/notes.md"),
                new InputFile.Attachment("../8.txt", " ", "s/8", null, null)), fetcher);

        assertThat(staged).extracting(StagedInput::name).as("unnamed: the id, else the source names the file")
                .containsExactly("passwd", "abs", "file", "c.txt", "r_s um___.txt", "file-2", "notes.md", "8.txt");
        assertThat(staged).allSatisfy(input -> assertThat(input.path()).isEqualTo("/workspace/inputs/" + input.name()));
        assertThat(names(ws.inputs())).hasSize(8);
        assertThat(scratch.resolve("workspaces/etc")).doesNotExist();
        assertThat(InputStager.safeName("x".repeat(300) + ".tar.gz")).hasSize(InputStager.MAX_NAME_CHARS)
                .endsWith("x.gz");
    }

    @Test
    void duplicateNamesGetANumericSuffixAndAnExistingFileIsReplaced() throws Exception {
        SessionWorkspace ws = prepare();
        write(ws.inputs().resolve("a.txt"), "from the last run");
        Files.createDirectories(ws.inputs().resolve("dir.txt"));

        List<StagedInput> staged = manager.stageInputs(ws, List.of(file("a.txt", "s/1"), file("x/a.txt", "s/2"),
                file("a.txt", "s/3"), file("dir.txt", "s/4")), fetcher);

        assertThat(staged).extracting(StagedInput::name).containsExactly("a.txt", "a-2.txt", "a-3.txt", "dir-2.txt");
        assertThat(ws.inputs().resolve("a.txt")).hasContent("content of s/1");
        assertThat(ws.inputs().resolve("a-3.txt")).hasContent("content of s/3");
    }

    @Test
    void urlsAreNeverFetchedButReportedWithSizeMinusOne() throws Exception {
        SessionWorkspace ws = prepare();

        List<StagedInput> staged = manager.stageInputs(ws, List.of(
                new InputFile.Url(null, "repo", "https://github.com/acme/app"), file("a.txt", "s/1")), fetcher);

        assertThat(staged).containsExactly(new StagedInput("repo", "https://github.com/acme/app", -1),
                new StagedInput("a.txt", "/workspace/inputs/a.txt", 14));
        assertThat(staged.getFirst().staged()).isFalse();
        assertThat(fetched).containsExactly("s/1");
    }

    @Test
    void nothingToStageForNoInputs() {
        SessionWorkspace ws = prepare();

        assertThat(manager.stageInputs(ws, List.of(), fetcher)).isEmpty();
        assertThat(fetched).isEmpty();
    }

    @Test
    void aFailedDownloadNamesTheInputAndLeavesNoTemporaryFile() throws Exception {
        SessionWorkspace ws = prepare();

        assertThatThrownBy(() -> manager.stageInputs(ws, List.of(file("gone.txt", "missing/1")), fetcher))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("gone.txt").hasMessageContaining("missing/1");
        assertThatThrownBy(() -> manager.stageInputs(ws, List.of(file("nosource.txt", " ")), fetcher))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("nosource.txt has no source");
        assertThatThrownBy(() -> manager.stageInputs(ws, List.of(file("", "")), fetcher))
                .isInstanceOf(WorkspaceException.class).hasMessageContaining("has no source");
        assertThat(names(ws.inputs())).isEmpty();
    }

    @Test
    void linksPlantedByTheAgentNeverRedirectAHostWrite() throws Exception {
        SessionWorkspace ws = prepare();
        Path victim = write(scratch.resolve("victim.txt"), "untouched");
        Files.createSymbolicLink(ws.inputs().resolve("a.txt"), victim);

        manager.stageInputs(ws, List.of(file("a.txt", "s/1")), fetcher);

        assertThat(victim).hasContent("untouched");
        assertThat(Files.isSymbolicLink(ws.inputs().resolve("a.txt"))).isFalse();
        assertThat(ws.inputs().resolve("a.txt")).hasContent("content of s/1");

        Path outside = Files.createDirectories(scratch.resolve("outside"));
        deleteTree(ws.inputs());
        Files.createSymbolicLink(ws.inputs(), outside);

        manager.stageInputs(ws, List.of(file("b.txt", "s/2")), fetcher);

        assertThat(outside).isEmptyDirectory();
        assertThat(Files.isDirectory(ws.inputs(), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(ws.inputs().resolve("b.txt")).hasContent("content of s/2");
    }

    private String readInSandbox(SessionWorkspace ws, String file) throws Exception {
        SandboxSpec spec = SandboxSpec.builder("read-input").workspace(ws.workspace()).home(ws.home())
                .command("cat", file).build();
        try (SandboxHandle handle = driver.start(spec)) {
            handle.stdin().close();
            String out = new String(handle.stdout().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(handle.waitFor(Duration.ofSeconds(30))).isTrue();
            assertThat(handle.exitCode()).hasValue(0);
            return out;
        }
    }

    private static InputFile file(String name, String source) {
        return new InputFile.Attachment(null, name, source, null, null);
    }

    private static void deleteTree(Path dir) throws Exception {
        run(List.of("rm", "-rf", dir.toString()), Map.of());
    }

    private static List<String> names(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }
}
