package dev.poco.testkit.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adobe's S3Mock (an S3 API on a real socket) for tests of the S3 BlobStore, started at most once per JVM in a child
 * JVM and stopped when the JVM exits. A child JVM because S3Mock is a Spring Boot application on a newer Boot than
 * Poco's: both in one JVM would clash. The executable jar is a resource of this module (copied there by the build),
 * never on a test classpath. One bucket, {@link #BUCKET}, exists from the start; any access key and secret work.
 *
 * <p>Thread-safe; the first call blocks while S3Mock starts (about 10 s on a busy 2-core machine).
 */
public final class S3MockServer {

    public static final String BUCKET = "poco";
    public static final String ACCESS_KEY = "poco-test";
    public static final String SECRET_KEY = "poco-test-secret";

    private static final Logger log = LoggerFactory.getLogger(S3MockServer.class);
    private static final Duration STARTUP = Duration.ofMinutes(2);
    private static @Nullable URI endpoint;

    private S3MockServer() {}

    /** The S3 endpoint ({@code http://127.0.0.1:<port>}), starting S3Mock on the first call. */
    public static synchronized URI endpoint() {
        if (endpoint == null) {
            endpoint = start();
        }
        return endpoint;
    }

    private static URI start() {
        try {
            Path dir = Files.createTempDirectory("poco-s3mock");
            Path jar = dir.resolve("s3mock.jar");
            try (InputStream in = S3MockServer.class.getResourceAsStream("s3mock.jar")) {
                if (in == null) {
                    throw new IllegalStateException("s3mock.jar is not among poco-testkit's resources: build"
                            + " poco-testkit with Maven (its dependency plugin copies S3Mock's executable jar there)");
                }
                Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            }
            Path store = Files.createDirectories(dir.resolve("store"));
            Path log = dir.resolve("s3mock.log");
            int http = freePort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-jar", jar.toString(),
                    "--http.port=" + http, "--server.port=" + freePort(),
                    "--vectors.http.port=" + freePort(), "--vectors.https.port=" + freePort(),
                    "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
                    "--com.adobe.testing.s3mock.store.root=" + store,
                    "--com.adobe.testing.s3mock.max-payload-size=1GB",
                    "--logging.level.root=WARN"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "test-s3mock-stop"));
            URI uri = URI.create("http://127.0.0.1:" + http);
            awaitBucket(process, uri, log);
            S3MockServer.log.info("S3Mock listening on {}", uri);
            return uri;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start S3Mock", e);
        }
    }

    /** Polls until the bucket answers: S3Mock has no readiness signal but its own API. */
    private static void awaitBucket(Process process, URI uri, Path logFile) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ":\n"
                        + Files.readString(logFile));
            }
            try {
                HttpResponse<Void> reply = client.send(HttpRequest.newBuilder(uri.resolve("/" + BUCKET))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (reply.statusCode() == 200) {
                    return;
                }
            } catch (ConnectException | java.net.http.HttpTimeoutException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while S3Mock started", e);
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS); // the pause between probes, cut short if it dies
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while S3Mock started", e);
            }
        }
        stop(process);
        throw new IllegalStateException("S3Mock did not answer within " + STARTUP + ":\n" + Files.readString(logFile));
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
