package dev.poco.server.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ImportPropertiesTest {

    @Test
    void defaultsBindWhenNothingIsSet() {
        ImportProperties p = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("poco.imports", ImportProperties.class);
        assertThat(p.maxMb()).isEqualTo(50);
        assertThat(p.maxFiles()).isEqualTo(2000);
        assertThat(p.maxUncompressedMb()).isEqualTo(500);
        assertThat(p.githubBase()).hasToString("https://codeload.github.com");
        assertThat(p.githubTimeoutSeconds()).isEqualTo(30);
    }

    @Test
    void aTrailingSlashOfTheArchiveUrlIsDropped() {
        ImportProperties p = new Binder(new MapConfigurationPropertySource(Map.of(
                "poco.imports.github-archive-base-url", "http://127.0.0.1:9/gh/")))
                .bindOrCreate("poco.imports", ImportProperties.class);
        assertThat(p.githubBase()).hasToString("http://127.0.0.1:9/gh");
    }
}
