package dev.poco.server.envvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SecretKeyFileTest {

    @TempDir
    Path home;

    private final Logger logger = (Logger) LoggerFactory.getLogger(SecretKeyFile.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void withoutASettingAKeyIsGeneratedOnceIntoPocoHomeWithOneWarningToBackItUp() throws Exception {
        Path secrets = home.resolve("secrets");
        String generated = SecretKeyFile.resolve(null, secrets);
        Path file = secrets.resolve(SecretKeyFile.FILE_NAME);

        assertThat(generated).hasSizeGreaterThanOrEqualTo(43);
        assertThat(Files.readString(file).strip()).isEqualTo(generated);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rwx------");
        assertThat(SecretKeyFile.resolve(" ", secrets)).as("the next start reads it back").isEqualTo(generated);

        assertThat(lines.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage())
                        .contains(file.toString(), "Back this file up", "cannot be decrypted")
                        .doesNotContain(generated));
    }

    @Test
    void aConfiguredKeyWinsAndNoFileIsWritten() {
        assertThat(SecretKeyFile.resolve("  my-own-secret-key-0123  ", home)).isEqualTo("my-own-secret-key-0123");
        assertThat(home.resolve(SecretKeyFile.FILE_NAME)).doesNotExist();
        assertThat(lines.list).isEmpty();
    }

    @Test
    void aShortConfiguredKeyIsRefused() {
        assertThatThrownBy(() -> SecretKeyFile.resolve("short", home))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("POCO_SECRET_KEY is shorter than 16");
    }

    @Test
    void anEmptyKeyFileIsRefusedRatherThanReplaced() throws Exception {
        Path file = Files.writeString(home.resolve(SecretKeyFile.FILE_NAME), "\n");
        assertThatThrownBy(() -> SecretKeyFile.resolve(null, home))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Restore it from your backup");
        assertThat(Files.readString(file)).isEqualTo("\n");
    }
}
