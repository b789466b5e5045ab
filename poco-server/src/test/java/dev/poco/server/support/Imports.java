package dev.poco.server.support;

import static org.awaitility.Awaitility.await;

import dev.poco.testkit.http.Api;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The import flow of poco's API (discover, commit, poll the job) for tests of skills and plugins. */
public final class Imports {

    private Imports() {}

    /** Discovers in an uploaded zip; {@code kind} is {@code skills} or {@code plugins}. */
    public static JsonNode discover(Api user, String kind, byte[] zip) {
        return user.multipart("/api/v1/" + kind + "/import/discover", "file", "pack.zip", "application/zip", zip)
                .ok();
    }

    /** Commits a choice and waits until the job has finished; answers the job. */
    public static JsonNode commit(Api user, String kind, String archiveKey, List<Map<String, Object>> selections) {
        JsonNode started = user.post("/api/v1/" + kind + "/import/commit",
                Map.of("archive_key", archiveKey, "selections", selections)).ok();
        String jobId = started.path("job_id").asString();
        return awaitJob(user, kind, jobId);
    }

    public static JsonNode awaitJob(Api user, String kind, String jobId) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> user.get("/api/v1/" + kind + "/import/jobs/" + jobId).ok(),
                job -> job.path("status").asString().equals("success") || job.path("status").asString().equals("failed"));
    }

    /** The X-User-Id an Api acts as. */
    public static String userId(Api user) {
        return user.headers().get("X-User-Id");
    }
}
