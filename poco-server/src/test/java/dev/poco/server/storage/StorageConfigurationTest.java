package dev.poco.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.server.system.PocoProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POCO_STORAGE picks the store; S3 without its settings stops the start with the missing names. */
class StorageConfigurationTest {

    @TempDir
    Path home;

    private static StorageProperties.S3 s3(String endpoint, String access, String secret, String bucket) {
        return new StorageProperties.S3(endpoint, null, access, secret, "us-east-1", bucket, true, 300, 5, 60, 3);
    }

    @Test
    void localIsTheDefaultUnderPocoHome() {
        BlobStore store = new StorageConfiguration().blobStore(
                new StorageProperties(StorageProperties.Type.LOCAL, null, s3(null, null, null, null)),
                new PocoProperties(home, "Poco", "0"));
        assertThat(store).isInstanceOf(LocalBlobStore.class);
        assertThat(((LocalBlobStore) store).root()).isEqualTo(home.resolve("data/blobs"));
    }

    @Test
    void s3WithoutItsSettingsNamesEveryMissingVariable() {
        var properties = new StorageProperties(StorageProperties.Type.S3, null, s3("", "key", null, " "));
        assertThatThrownBy(() -> new StorageConfiguration().blobStore(properties, new PocoProperties(home, "P", "0")))
                .isInstanceOf(StorageConfigurationException.class)
                .hasMessageContaining("POCO_STORAGE=s3")
                .hasMessageContaining("POCO_S3_ENDPOINT, POCO_S3_SECRET_KEY, POCO_S3_BUCKET are not set");
    }
}
