package dev.poco.server.support;

import dev.poco.testkit.s3.S3MockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ApiTest} with {@code POCO_STORAGE=s3} against S3Mock (a real S3 API on a socket): one more server, shared
 * by the S3 tests.
 */
public abstract class S3ApiTest extends ApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        registry.add("poco.storage.type", () -> "s3");
        registry.add("poco.storage.s3.endpoint", () -> S3MockServer.endpoint().toString());
        registry.add("poco.storage.s3.access-key", () -> S3MockServer.ACCESS_KEY);
        registry.add("poco.storage.s3.secret-key", () -> S3MockServer.SECRET_KEY);
        registry.add("poco.storage.s3.bucket", () -> S3MockServer.BUCKET);
    }

    /** GETs a presigned URL as a browser would: no Poco headers, straight to S3. */
    protected static HttpResponse<byte[]> fetch(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
