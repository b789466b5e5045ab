package dev.poco.server.support;

import static org.awaitility.Awaitility.await;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sees what the server's request threads are doing: the API tests run the server in this JVM, so a
 * thread dump (the JDK's own, which includes virtual threads) shows whether a long-poll is parked
 * waiting to be woken. Tests use it to send an event only once the waiter is really waiting, instead of
 * sleeping and hoping it is.
 */
public final class ServerThreads {

    private static final String WAITING = "dev.poco.server.common.ChangeNotifier$Watch.await(";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ServerThreads() {}

    /**
     * Waits until a thread is parked in {@code ChangeNotifier.Watch.await} called from {@code method}
     * (e.g. {@code "dev.poco.server.runs.RunService.claim"}): the long-poll has found nothing yet
     * and now waits for a change.
     */
    public static void awaitWaitingIn(String method) {
        await("a thread waiting for a change in " + method).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50)).until(() -> waitingIn(method) > 0);
    }

    /** How many threads are parked waiting for a change in {@code method}. */
    public static long waitingIn(String method) {
        JsonNode dump = dump();
        return StreamSupport.stream(dump.path("threadDump").path("threadContainers").spliterator(), false)
                .flatMap(container -> StreamSupport.stream(container.path("threads").spliterator(), false))
                .map(thread -> thread.path("stack").toString())
                .filter(stack -> stack.contains(WAITING) && stack.contains(method + "("))
                .count();
    }

    private static JsonNode dump() {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "poco-threads-" + UUID.randomUUID() + ".json");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover file in the temp directory is harmless
            }
        }
    }
}
