package dev.poco.protocol.folders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFolderRootsTest {

    @TempDir
    Path tmp;

    @Test
    void aFolderBelowARootIsAcceptedAsItsRealPath() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("allowed"));
        Path project = Files.createDirectories(root.resolve("project"));
        Files.createSymbolicLink(root.resolve("alias"), project);
        LocalFolderRoots roots = LocalFolderRoots.parse(root + ", ");

        assertThat(roots.check(project.toString())).isEqualTo(project.toRealPath());
        assertThat(roots.check(root + "/alias/")).isEqualTo(project.toRealPath());
        assertThat(roots.check(root.toString())).isEqualTo(root.toRealPath());
    }

    @Test
    void pathsOutsideTheRootsAndLinksLeavingThemAreRefusedSayingSo() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("allowed"));
        Path outside = Files.createDirectories(tmp.resolve("secret"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.writeString(root.resolve("file.txt"), "x");
        LocalFolderRoots roots = LocalFolderRoots.parse(List.of(root.toString()));

        assertThatThrownBy(() -> roots.check(outside.toString())).isInstanceOf(LocalFolderException.class)
                .hasMessageContaining("is outside the allowed local folders");
        assertThatThrownBy(() -> roots.check(root + "/../secret")).hasMessageContaining("is outside the allowed");
        assertThatThrownBy(() -> roots.check(root + "/escape")).hasMessageContaining("is a link that leads outside");
        assertThatThrownBy(() -> roots.check(root + "/escape/sub")).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> roots.check(root + "/missing")).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> roots.check(root + "/file.txt")).hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> roots.check("relative/path")).hasMessageContaining("is not an absolute path");
        assertThatThrownBy(() -> LocalFolderRoots.NONE.check(root.toString()))
                .hasMessage(LocalFolderRoots.NOT_ENABLED);
    }

    @Test
    void aRootThatIsNoDirectoryStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> LocalFolderRoots.parse(tmp.resolve("nope").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("POCO_LOCAL_FOLDERS")
                .hasMessageContaining("is not an existing directory");
        assertThatThrownBy(() -> LocalFolderRoots.parse("srv/data")).hasMessageContaining("not an absolute path");
        assertThat(LocalFolderRoots.parse("").enabled()).isFalse();
    }

    @Test
    void namesArePlainAndUnique() {
        Set<String> taken = new HashSet<>();
        assertThat(LocalFolderRoots.nameFor(Path.of("/srv/my repo"), taken)).isEqualTo("my-repo");
        assertThat(LocalFolderRoots.nameFor(Path.of("/other/my repo"), taken)).isEqualTo("my-repo-2");
        assertThat(LocalFolderRoots.nameFor(Path.of("/srv/.hidden"), taken)).isEqualTo("hidden");
        assertThat(LocalFolderRoots.nameFor(Path.of("/"), taken)).isEqualTo("folder");
    }
}
