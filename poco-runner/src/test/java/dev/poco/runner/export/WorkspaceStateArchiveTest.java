package dev.poco.runner.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceStateArchiveTest {

    @TempDir
    Path dir;

    @Test
    void keepsHistoryTranscriptModesAndLinksButNotCaches() throws IOException {
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        Files.writeString(Files.createDirectories(workspace.resolve("report")).resolve("out.txt"), "result\n");
        Files.writeString(Files.createDirectories(workspace.resolve(".git/refs/tags")).resolve("base"), "abc\n");
        Path transcript = Files.createDirectories(workspace.resolve(".claude_data/projects/-workspace"))
                .resolve("s1.jsonl");
        Files.writeString(transcript, "{\"type\":\"user\"}\n");
        Path script = workspace.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(workspace.resolve("latest"), Path.of("report/out.txt"));
        Files.writeString(Files.createDirectories(workspace.resolve("web/node_modules/left-pad")).resolve("i.js"), "x");
        Files.writeString(Files.createDirectories(workspace.resolve("__pycache__")).resolve("m.pyc"), "x");

        Path archive = dir.resolve("state.tar.gz");
        WorkspaceStateArchive.Written written = WorkspaceStateArchive.write(workspace, archive);
        assertThat(written.files()).isEqualTo(4);

        Path restored = dir.resolve("restored");
        try (InputStream in = Files.newInputStream(archive)) {
            assertThat(WorkspaceStateArchive.extract(in, restored, 1 << 20).files()).isEqualTo(4);
        }
        assertThat(restored.resolve("report/out.txt")).hasContent("result");
        assertThat(restored.resolve(".git/refs/tags/base")).hasContent("abc");
        assertThat(restored.resolve(".claude_data/projects/-workspace/s1.jsonl")).hasContent("{\"type\":\"user\"}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("run.sh"))))
                .isEqualTo("rwxr-x---");
        assertThat(Files.isSymbolicLink(restored.resolve("latest"))).isTrue();
        assertThat(Files.readSymbolicLink(restored.resolve("latest"))).isEqualTo(Path.of("report/out.txt"));
        assertThat(restored.resolve("web")).isDirectory();
        assertThat(restored.resolve("web/node_modules")).doesNotExist();
        assertThat(restored.resolve("__pycache__")).doesNotExist();
        assertThat(Files.getLastModifiedTime(restored.resolve("report/out.txt")).toMillis())
                .isEqualTo(Files.getLastModifiedTime(workspace.resolve("report/out.txt")).toMillis());
    }

    @Test
    void refusesNamesThatLeaveTheWorkspace() throws IOException {
        assertRefused(tar(t -> file(t, "../escaped", "x")), "leaves the workspace");
        assertRefused(tar(t -> file(t, "/etc/escaped", "x")), "bad name");
        assertRefused(tar(t -> file(t, "a/../../escaped", "x")), "leaves the workspace");
        assertThat(dir.resolve("escaped")).doesNotExist();
    }

    @Test
    void neverWritesThroughALink() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        byte[] archive = tar(t -> {
            TarArchiveEntry link = new TarArchiveEntry("dir", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName(outside.toString());
            t.putArchiveEntry(link);
            t.closeArchiveEntry();
            file(t, "dir/planted", "x");
        });
        assertRefused(archive, "not one of its directories");
        assertThat(outside.resolve("planted")).doesNotExist();
    }

    @Test
    void refusesAFileTwiceAndSpecialFilesAndTooManyBytes() throws IOException {
        assertRefused(tar(t -> {
            file(t, "a", "x");
            file(t, "a", "y");
        }), "twice");
        assertRefused(tar(t -> {
            TarArchiveEntry fifo = new TarArchiveEntry("pipe", TarArchiveEntry.LF_FIFO);
            t.putArchiveEntry(fifo);
            t.closeArchiveEntry();
        }), "neither a file");
        assertRefused(tar(t -> {
            file(t, "a", "x");
            TarArchiveEntry hard = new TarArchiveEntry("b", TarArchiveEntry.LF_LINK);
            hard.setLinkName("/etc/shadow");
            t.putArchiveEntry(hard);
            t.closeArchiveEntry();
        }), "neither a file");
        byte[] big = tar(t -> file(t, "big", "0123456789"));
        Path target = dir.resolve("big");
        assertThatThrownBy(() -> WorkspaceStateArchive.extract(new ByteArrayInputStream(big), target, 9))
                .isInstanceOf(IOException.class).hasMessageContaining("more than 9 bytes");
    }

    @Test
    void dropsSetIdBits() throws IOException {
        byte[] archive = tar(t -> {
            TarArchiveEntry e = new TarArchiveEntry("suid");
            e.setMode(0104755);
            e.setSize(1);
            t.putArchiveEntry(e);
            t.write('x');
            t.closeArchiveEntry();
        });
        Path target = dir.resolve("suid-target");
        WorkspaceStateArchive.extract(new ByteArrayInputStream(archive), target, 100);
        assertThat(Files.getAttribute(target.resolve("suid"), "unix:mode", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(0100755);
    }

    private void assertRefused(byte[] archive, String why) {
        Path target = dir.resolve("target-" + System.nanoTime());
        assertThatThrownBy(() -> WorkspaceStateArchive.extract(new ByteArrayInputStream(archive), target, 1 << 20))
                .isInstanceOf(IOException.class).hasMessageContaining(why);
    }

    private interface Entries {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static byte[] tar(Entries entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            entries.write(tar);
            tar.finish();
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
