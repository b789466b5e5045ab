package dev.poco.server.storage;

import dev.poco.server.system.PocoProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link BlobStore} of this server, as {@code POCO_STORAGE} says. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    BlobStore blobStore(StorageProperties properties, PocoProperties poco) {
        BlobStore store = switch (properties.type()) {
            case LOCAL -> new LocalBlobStore(properties.localRoot() != null ? properties.localRoot()
                    : poco.dataDir().resolve("blobs"));
            case S3 -> {
                var missing = properties.s3().missing();
                if (!missing.isEmpty()) {
                    throw new StorageConfigurationException("POCO_STORAGE=s3 but " + String.join(", ", missing)
                            + (missing.size() == 1 ? " is" : " are") + " not set (poco's S3_* names work too)");
                }
                yield new S3BlobStore(properties.s3());
            }
        };
        log.info("Storing attachments and workspace exports in {}", store.describe());
        return store;
    }
}
