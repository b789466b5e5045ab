package dev.poco.runner.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an export reads of a workspace the agent wrote: visible regular files only, never through a link. */
class WorkspaceScannerTest {

    private static final String SECRET = "RUNNER-TOKEN-SECRET";
    private static final int SWAPS = 5_000;

    @TempDir
    Path workspace;

    @TempDir
    Path outside;

    private void write(String relative, String content) throws IOException {
        Path file = workspace.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void visibleFilesAreScannedWithSizeAndHashAndHiddenOnesAndLinksAreNot() throws Exception {
        write("README.md", "# Hello\n");
        write("src/app/util.py", "x = 1\n");
        write(".git/config", "[core]");
        write(".claude_data/projects/t.jsonl", "{}");
        write("src/node_modules/pkg/index.js", "x");
        write("inputs/data.csv", "a,b\n");
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(workspace.resolve("escape.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(workspace.resolve("linked-dir"), outside);

        WorkspaceScanner scanner = new WorkspaceScanner(workspace);
        Map<String, ScannedFile> files = scanner.scan().stream()
                .collect(Collectors.toMap(ScannedFile::path, f -> f));
        assertThat(files).containsOnlyKeys("/README.md", "/src/app/util.py", "/inputs/data.csv");
        ScannedFile readme = files.get("/README.md");
        assertThat(readme.size()).isEqualTo(8);
        assertThat(readme.sha256()).isEqualTo(sha256("# Hello\n"));
        try (InputStream in = scanner.open(readme)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("# Hello\n");
        }
    }

    @Test
    void aMissingWorkspaceHasNoFiles() throws IOException {
        assertThat(new WorkspaceScanner(workspace.resolve("never-made")).scan()).isEmpty();
    }

    /**
     * Issue 9, on the runner's side: the agent swaps a file and a folder for links to a secret outside the workspace
     * while the export reads. Every scan and every read must get the harmless bytes or leave the entry out.
     */
    @Test
    void swappingLinksDuringAnExportNeverReadsTheTarget() throws Exception {
        Files.writeString(outside.resolve("doc.txt"), SECRET);
        write("dir/doc.txt", "harmless");
        write("doc.txt", "harmless");
        String secretHash = sha256(SECRET);
        AtomicBoolean swapping = new AtomicBoolean(true);
        CompletableFuture<Void> swapper = CompletableFuture.runAsync(() -> {
            try {
                swap();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                swapping.set(false);
            }
        });
        WorkspaceScanner scanner = new WorkspaceScanner(workspace);
        int seen = 0;
        int missing = 0;
        while (swapping.get()) {
            List<ScannedFile> files = scanner.scan();
            for (ScannedFile file : files) {
                assertThat(file.sha256()).as(file.path()).isNotEqualTo(secretHash);
                try (InputStream in = scanner.open(file)) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).doesNotContain(SECRET);
                } catch (IOException swappedMeanwhile) {
                    missing++; // a link now, or shorter: refused, never followed
                }
            }
            seen += files.size();
            missing += 2 - (int) files.stream()
                    .filter(f -> f.path().equals("/doc.txt") || f.path().equals("/dir/doc.txt")).count();
        }
        swapper.join();
        assertThat(seen).as("scans that read the harmless files").isPositive();
        assertThat(missing).as("scans that met a link and left the entry out").isPositive();
    }

    /** Alternates both entries between the real thing and a link out of the workspace. */
    private void swap() throws IOException {
        Path file = workspace.resolve("doc.txt");
        Path dir = workspace.resolve("dir");
        Path parkedDir = workspace.resolve("dir-parked");
        Path fileTmp = workspace.resolve("doc.tmp");
        for (int i = 0; i < SWAPS; i++) {
            if (i % 2 == 0) {
                Files.createSymbolicLink(fileTmp, outside.resolve("doc.txt"));
                Files.move(fileTmp, file, StandardCopyOption.ATOMIC_MOVE);
                Files.move(dir, parkedDir, StandardCopyOption.ATOMIC_MOVE);
                Files.createSymbolicLink(dir, outside);
            } else {
                Files.writeString(fileTmp, "harmless");
                Files.move(fileTmp, file, StandardCopyOption.ATOMIC_MOVE);
                Files.delete(dir);
                Files.move(parkedDir, dir, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
}
