package dev.poco.runner.capabilities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packages unpack as the server's import checks them: hostile entries, links and oversize archives are refused. */
class PackageArchiveTest {

    private static final PackageArchive.Limits SMALL = new PackageArchive.Limits(3, 1 << 20);

    @TempDir
    Path dir;

    /** One zip entry: name, content, Unix mode (0 for none). */
    private record Item(String name, String content, int mode) {
        static Item file(String name, String content) {
            return new Item(name, content, 0);
        }
    }

    private static byte[] zip(List<Item> items) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (Item item : items) {
                ZipArchiveEntry entry = new ZipArchiveEntry(item.name());
                if (item.mode() != 0) {
                    entry.setUnixMode(item.mode());
                }
                zip.putArchiveEntry(entry);
                zip.write(item.content().getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Path unpack(byte[] zip, PackageArchive.Limits limits) throws IOException {
        Path target = dir.resolve("target");
        PackageArchive.unpack(new ByteArrayInputStream(zip), dir.resolve("package.zip"), target, limits, "skill 'x'");
        return target;
    }

    @Test
    void aSharedTopFolderIsStrippedJunkSkippedAndTheExecutableBitKept() throws IOException {
        Path target = unpack(zip(List.of(Item.file("pdf/SKILL.md", "# PDF"), new Item("pdf/bin/run.sh", "echo", 0100755),
                Item.file("__MACOSX/pdf/._SKILL.md", "junk"))), SMALL);

        assertThat(target.resolve("SKILL.md")).hasContent("# PDF");
        assertThat(Files.getPosixFilePermissions(target.resolve("bin/run.sh"))).contains(PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.getPosixFilePermissions(target.resolve("SKILL.md"))).doesNotContain(PosixFilePermission.OWNER_EXECUTE);
        assertThat(target.resolve("__MACOSX")).doesNotExist();
    }

    @Test
    void anEntryLeavingTheFolderIsRefused() throws IOException {
        byte[] slip = zip(List.of(Item.file("SKILL.md", "ok"), Item.file("../../evil.sh", "boom")));

        assertThatThrownBy(() -> unpack(slip, SMALL)).isInstanceOf(CapabilityException.class)
                .hasMessageContaining("leaves its folder").hasMessageContaining("skill 'x'");
        assertThat(dir.getParent().resolve("evil.sh")).doesNotExist();
    }

    @Test
    void anAbsolutePathIsRefused() throws IOException {
        byte[] absolute = zip(List.of(Item.file("/etc/cron.d/evil", "boom")));

        assertThatThrownBy(() -> unpack(absolute, SMALL)).isInstanceOf(CapabilityException.class)
                .hasMessageContaining("absolute path");
    }

    @Test
    void aLinkEntryIsRefused() throws IOException {
        byte[] link = zip(List.of(Item.file("SKILL.md", "ok"), new Item("secrets", "/etc/shadow", 0120777)));

        assertThatThrownBy(() -> unpack(link, SMALL)).isInstanceOf(CapabilityException.class)
                .hasMessageContaining("holds a link (secrets)");
        assertThat(dir.resolve("target/secrets")).doesNotExist();
    }

    @Test
    void tooManyFilesAreRefused() throws IOException {
        byte[] many = zip(List.of(Item.file("a", "1"), Item.file("b", "2"), Item.file("c", "3"), Item.file("d", "4")));

        assertThatThrownBy(() -> unpack(many, SMALL)).isInstanceOf(CapabilityException.class)
                .hasMessage("The skill 'x' package has 4 files, more than 3");
    }

    @Test
    void moreBytesThanTheLimitAreRefusedWhateverTheArchiveClaims() throws IOException {
        byte[] bomb = zip(List.of(Item.file("zeros", "0".repeat(3 << 20)))); // compresses to a few KiB

        assertThat(bomb.length).isLessThan(1 << 20);
        assertThatThrownBy(() -> unpack(bomb, SMALL)).isInstanceOf(CapabilityException.class)
                .hasMessage("The skill 'x' package is larger than 1 MiB");
    }
}
