package dev.poco.server.imports;

import dev.poco.server.system.PocoProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Scratch files of imports, under {@code $POCO_HOME/tmp/imports} (emptied at every start with the rest of tmp). */
@Component
class ImportFiles {

    private static final Logger log = LoggerFactory.getLogger(ImportFiles.class);

    private final Path dir;

    ImportFiles(PocoProperties poco) {
        this.dir = poco.home().resolve("tmp").resolve("imports");
    }

    Path newTempFile() {
        try {
            Files.createDirectories(dir);
            return dir.resolve(UUID.randomUUID() + ".zip");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dir + "; make POCO_HOME writable", e);
        }
    }

    void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("Could not delete {}: {}", file, e.getMessage());
        }
    }
}
