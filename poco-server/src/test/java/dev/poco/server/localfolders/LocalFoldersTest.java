package dev.poco.server.localfolders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.server.common.BadRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** POCO_LOCAL_FOLDERS as it binds (empty by default: off) and what a task's folders become. */
class LocalFoldersTest {

    @TempDir
    Path tmp;

    private static LocalFolders bind(Map<String, String> values) {
        return new LocalFolders(new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(
                "poco.local-folders", LocalFolderProperties.class));
    }

    @Test
    void unsetOrEmptyTurnsTheFeatureOffAndAFolderIsThenRefusedSayingWhatToSet() {
        assertThat(bind(Map.of()).roots().enabled()).isFalse();
        LocalFolders off = bind(Map.of("poco.local-folders.roots", ""));
        assertThat(off.roots().enabled()).isFalse();
        assertThat(off.normalise(JsonMapper.shared().readTree("[]"))).isEmpty();
        assertThatThrownBy(() -> off.normalise(JsonMapper.shared().readTree("[{\"path\": \"/srv\"}]")))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("local folders are not enabled; set POCO_LOCAL_FOLDERS to the host directories users may"
                        + " attach");
    }

    @Test
    void aCommaSeparatedListBindsAndFoldersAreStoredCheckedWithUniqueNames() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a/app")).getParent().toRealPath();
        Path b = Files.createDirectories(tmp.resolve("b/app")).getParent().toRealPath();
        LocalFolders folders = bind(Map.of("poco.local-folders.roots", a + "," + b));
        assertThat(folders.roots().roots()).containsExactly(a, b);

        var stored = folders.normalise(JsonMapper.shared().readTree("[{\"path\": \"" + a + "/app\"}, {\"path\": \""
                + b + "/./app/\", \"mode\": \"rw\"}]"));

        assertThat(stored.toString()).isEqualTo("[{\"path\":\"" + a + "/app\",\"mode\":\"ro\",\"name\":\"app\"},"
                + "{\"path\":\"" + b + "/app\",\"mode\":\"rw\",\"name\":\"app-2\"}]");
    }
}
