package dev.poco.server.storage;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code POCO_STORAGE} ({@code local}, the default, or {@code s3}), the local store's directory
 * ({@code POCO_STORAGE_LOCAL_ROOT}, default {@code $POCO_HOME/data/blobs}) and the S3 settings ({@code POCO_S3_*}, or
 * poco's own {@code S3_*} names; mapped in application.yml).
 */
@Validated
@ConfigurationProperties("poco.storage")
public record StorageProperties(
        @DefaultValue("local") @NotNull Type type,
        @Nullable Path localRoot,
        @DefaultValue S3 s3) {

    public enum Type { LOCAL, S3 }

    /**
     * poco's S3 settings (reference: S3 settings table), with its defaults.
     *
     * @param endpoint where the server talks to S3 ({@code POCO_S3_ENDPOINT}); empty means AWS's regional endpoint
     * @param publicEndpoint the host presigned URLs name, when browsers reach S3 elsewhere than the server does
     */
    public record S3(
            @Nullable String endpoint,
            @Nullable String publicEndpoint,
            @Nullable String accessKey,
            @Nullable String secretKey,
            @DefaultValue("us-east-1") String region,
            @Nullable String bucket,
            @DefaultValue("true") boolean forcePathStyle,
            @DefaultValue("300") @Min(1) int presignExpires,
            @DefaultValue("5") @Min(1) int connectTimeoutSeconds,
            @DefaultValue("60") @Min(1) int readTimeoutSeconds,
            @DefaultValue("3") @Min(1) int maxAttempts) {

        /** The variables S3 storage cannot do without that are not set, by their Poco names. */
        public List<String> missing() {
            List<String> missing = new ArrayList<>();
            if (blank(endpoint)) {
                missing.add("POCO_S3_ENDPOINT");
            }
            if (blank(accessKey)) {
                missing.add("POCO_S3_ACCESS_KEY");
            }
            if (blank(secretKey)) {
                missing.add("POCO_S3_SECRET_KEY");
            }
            if (blank(bucket)) {
                missing.add("POCO_S3_BUCKET");
            }
            return missing;
        }

        static boolean blank(@Nullable String value) {
            return value == null || value.isBlank();
        }
    }
}
