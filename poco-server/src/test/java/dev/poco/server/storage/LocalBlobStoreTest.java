package dev.poco.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalBlobStoreTest extends BlobStoreContractTest {

    private static final Path ROOT = tempRoot();

    @Override
    protected BlobStore store() {
        return new LocalBlobStore(ROOT);
    }

    @Override
    protected void presignedUrlServes(Optional<URI> url, String body, String type, String disposition) {
        assertThat(url).as("the local store cannot presign; the server streams instead").isEmpty();
    }

    @Test
    void blobsAreFilesUnderTheRootAndDeleteLeavesNoEmptyDirectories() {
        put(prefix + "a/b/c.txt", "c");
        assertThat(ROOT.resolve(prefix + "a/b/c.txt")).hasContent("c");
        store.delete(prefix + "a/b/c.txt");
        assertThat(ROOT.resolve(prefix)).doesNotExist();
        assertThat(ROOT).isDirectory();
    }

    private static Path tempRoot() {
        try {
            return Files.createTempDirectory("poco-blobs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
