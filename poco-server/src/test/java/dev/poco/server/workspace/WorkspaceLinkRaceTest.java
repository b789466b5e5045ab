package dev.poco.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.support.ApiTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Issue 9: the agent swaps a workspace entry between a harmless file (or folder) and a link to a secret outside the
 * workspace while the user reads it. Every read endpoint must serve the harmless bytes or refuse, never the secret.
 */
class WorkspaceLinkRaceTest extends ApiTest {

    private static final int SWAPS = 10_000;
    private static final String SECRET = "RUNNER-TOKEN-SECRET";

    @Autowired
    WorkspaceFiles files;

    @Test
    void swappingLinksUnderConcurrentReadsNeverServesTheTarget() throws Exception {
        JsonNode session = alice.post("/api/v1/sessions", Map.of()).ok();
        String userId = session.path("user_id").asString();
        UUID sessionId = UUID.fromString(session.path("session_id").asString());
        Path workspace = WorkspaceLayout.workspace(pocoHome().resolve("workspaces"), userId, sessionId);
        Path outside = Files.createTempDirectory("outside-workspace");
        Files.writeString(outside.resolve("doc.txt"), SECRET);
        Files.writeString(outside.resolve("outside-only.txt"), SECRET);
        Files.createDirectories(workspace.resolve("dir"));
        Files.writeString(workspace.resolve("dir/doc.txt"), "harmless");
        Files.writeString(workspace.resolve("doc.txt"), "harmless");

        AtomicBoolean swapping = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<String> leaks = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> swapper = pool.submit(() -> {
                try {
                    swap(workspace, outside);
                } finally {
                    swapping.set(false);
                }
                return null;
            });
            List<Future<?>> readers = new ArrayList<>();
            // in process: thousands of opens per second, so the swap window is hit often
            readers.add(pool.submit(() -> {
                while (swapping.get()) {
                    for (String path : List.of("doc.txt", "dir/doc.txt")) {
                        readDirectly(userId, sessionId, path, served, refused, leaks);
                    }
                }
                return null;
            }));
            // over HTTP: every endpoint that reads the workspace
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    String base = "/api/v1/sessions/" + sessionId + "/workspace/";
                    List<String> urls = List.of(base + "raw?path=doc.txt", base + "raw?path=dir/doc.txt",
                            base + "files", base + "archive.zip");
                    for (int i = 0; swapping.get(); i++) {
                        HttpResponse<byte[]> reply = alice.getBytes(urls.get(i % urls.size()));
                        String body = new String(reply.body(), StandardCharsets.ISO_8859_1);
                        if (body.contains(SECRET) || body.contains("outside-only")) {
                            leaks.add(urls.get(i % urls.size()) + " -> " + reply.statusCode());
                        } else if (reply.statusCode() == 200) {
                            served.incrementAndGet();
                        } else {
                            assertThat(reply.statusCode()).as(body).isIn(403, 404);
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            swapper.get();
            for (Future<?> reader : readers) {
                reader.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(leaks).as("reads that returned what a swapped-in link points to").isEmpty();
        assertThat(served.get()).as("reads that got the harmless file").isPositive();
        assertThat(refused.get()).as("reads that met a link and refused").isPositive();
    }

    /** Alternates both entries {@value #SWAPS} times between the real thing and a link out of the workspace. */
    private static void swap(Path workspace, Path outside) throws IOException {
        Path file = workspace.resolve("doc.txt");
        Path dir = workspace.resolve("dir");
        Path parkedDir = workspace.resolve("dir-parked");
        Path fileTmp = workspace.resolve("doc.tmp");
        for (int i = 0; i < SWAPS; i++) {
            if (i % 2 == 0) {
                Files.createSymbolicLink(fileTmp, outside.resolve("doc.txt"));
                Files.move(fileTmp, file, StandardCopyOption.ATOMIC_MOVE); // rename(2): the name never disappears
                Files.move(dir, parkedDir, StandardCopyOption.ATOMIC_MOVE);
                Files.createSymbolicLink(dir, outside);
            } else {
                Files.writeString(fileTmp, "harmless");
                Files.move(fileTmp, file, StandardCopyOption.ATOMIC_MOVE);
                Files.delete(dir);
                Files.move(parkedDir, dir, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private void readDirectly(String userId, UUID sessionId, String path, AtomicInteger served, AtomicInteger refused,
            List<String> leaks) {
        try (OpenedFile file = files.open(userId, sessionId, path)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Channels.newInputStream(file.channel()).transferTo(out);
            if (out.toString(StandardCharsets.UTF_8).contains(SECRET)) {
                leaks.add(path);
            } else {
                served.incrementAndGet();
            }
        } catch (ForbiddenException | NotFoundException e) {
            refused.incrementAndGet();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
