package dev.poco.server.storage;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Blobs in one S3 bucket (AWS, MinIO, R2, anything S3-compatible), with poco's client settings: SigV4, path-style
 * addressing unless turned off, connect/read timeouts, a bounded number of attempts, and a second endpoint used only
 * for presigning so URLs name the host browsers reach ({@code POCO_S3_PUBLIC_ENDPOINT}). Checksums are sent and
 * checked only where S3 requires them, as compatible stores do not all know the newer ones.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final String endpoint;
    private final Duration presignExpires;

    public S3BlobStore(StorageProperties.S3 settings) {
        List<String> missing = settings.missing();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("POCO_STORAGE=s3 needs " + String.join(", ", missing));
        }
        // missing() just named every unset one
        this.bucket = Objects.requireNonNull(settings.bucket());
        this.endpoint = Objects.requireNonNull(settings.endpoint());
        this.presignExpires = Duration.ofSeconds(settings.presignExpires());
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        S3Configuration s3Config = S3Configuration.builder().pathStyleAccessEnabled(settings.forcePathStyle()).build();
        Region region = Region.of(settings.region());
        this.s3 = S3Client.builder()
                .endpointOverride(URI.create(settings.endpoint()))
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(s3Config)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(settings.connectTimeoutSeconds()))
                        .socketTimeout(Duration.ofSeconds(settings.readTimeoutSeconds())))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(settings.maxAttempts())))
                .build();
        String publicEndpoint = StorageProperties.S3.blank(settings.publicEndpoint()) ? settings.endpoint()
                : settings.publicEndpoint();
        this.presigner = S3Presigner.builder()
                .endpointOverride(URI.create(publicEndpoint))
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(s3Config)
                .build();
    }

    @Override
    public void put(String key, InputStream content, long size, @Nullable String contentType) {
        BlobKeys.validate(key);
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentLength(size)
                    .contentType(contentType == null ? "application/octet-stream" : contentType),
                    RequestBody.fromInputStream(content, size));
        } catch (SdkException e) {
            throw failure("store", key, e);
        }
    }

    @Override
    public Optional<InputStream> get(String key) {
        BlobKeys.validate(key);
        try {
            return Optional.of(s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        BlobKeys.validate(key);
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new BlobInfo(key, head.contentLength(), head.contentType(), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty(); // HEAD answers carry no error code, only the status
            }
            throw failure("look at", key, e);
        } catch (SdkException e) {
            throw failure("look at", key, e);
        }
    }

    @Override
    public void delete(String key) {
        BlobKeys.validate(key);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public List<BlobInfo> list(String prefix) {
        List<BlobInfo> found = new ArrayList<>();
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(request)) {
                for (S3Object o : page.contents()) {
                    found.add(new BlobInfo(o.key(), o.size(), null, o.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw failure("list", prefix, e);
        }
        return found;
    }

    @Override
    public Optional<URI> presignGet(String key, @Nullable String contentType, @Nullable String contentDisposition) {
        BlobKeys.validate(key);
        try {
            var presigned = presigner.presignGetObject(p -> p.signatureDuration(presignExpires)
                    .getObjectRequest(g -> g.bucket(bucket).key(key)
                            .responseContentType(contentType).responseContentDisposition(contentDisposition)));
            return Optional.of(presigned.url().toURI());
        } catch (SdkException | java.net.URISyntaxException e) {
            throw new BlobStoreException("Could not presign " + key + " in " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "s3 bucket " + bucket + " at " + endpoint;
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }

    private BlobStoreException failure(String what, String key, SdkException e) {
        return new BlobStoreException("Could not " + what + " " + key + " in " + describe() + ": " + e.getMessage(), e);
    }
}
