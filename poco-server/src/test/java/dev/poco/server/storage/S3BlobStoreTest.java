package dev.poco.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.testkit.s3.S3MockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The S3 store against S3Mock on a real socket (a child JVM, see {@link S3MockServer}). */
class S3BlobStoreTest extends BlobStoreContractTest {

    static StorageProperties.S3 settings(String bucket) {
        return new StorageProperties.S3(S3MockServer.endpoint().toString(), null, S3MockServer.ACCESS_KEY,
                S3MockServer.SECRET_KEY, "us-east-1", bucket, true, 300, 5, 60, 3);
    }

    @Override
    protected BlobStore store() {
        return new S3BlobStore(settings(S3MockServer.BUCKET));
    }

    @Override
    protected void presignedUrlServes(Optional<URI> url, String body, String type, String disposition)
            throws Exception {
        assertThat(url).isPresent();
        assertThat(url.get().getQuery()).contains("X-Amz-Signature").contains("X-Amz-Expires=300");
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.get()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(body);
        assertThat(reply.headers().firstValue("Content-Type")).hasValue(type);
        assertThat(reply.headers().firstValue("Content-Disposition")).hasValue(disposition);
    }

    @Test
    void aPublicEndpointIsWhatPresignedUrlsName() {
        var s = settings(S3MockServer.BUCKET);
        var withPublic = new StorageProperties.S3(s.endpoint(), "https://files.example.com", s.accessKey(),
                s.secretKey(), s.region(), s.bucket(), true, 60, 5, 60, 3);
        try (S3BlobStore store = new S3BlobStore(withPublic)) {
            URI url = store.presignGet("attachments/u/x/file", null, null).orElseThrow();
            assertThat(url.toString()).startsWith("https://files.example.com/poco/attachments/u/x/file?")
                    .contains("X-Amz-Expires=60");
        }
    }

    @Test
    void aMissingBucketIsAnErrorThatNamesTheStore() {
        try (S3BlobStore store = new S3BlobStore(settings("no-such-bucket"))) {
            assertThatThrownBy(() -> store.put("k", bytes("x"), 1, null)).isInstanceOf(BlobStoreException.class)
                    .hasMessageContaining("no-such-bucket");
        }
    }
}
