package dev.poco.testkit.threads;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sees what this JVM's threads are doing, virtual ones included (the JDK's JSON thread dump). Tests
 * that run a server in their own JVM use it to act only once a long-poll is really parked, instead
 * of sleeping and hoping it is.
 */
public final class ThreadDumps {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ThreadDumps() {}

    /** How many threads have every one of {@code frames} (substrings of a stack frame) on their stack. */
    public static long threadsIn(String... frames) {
        JsonNode dump = dump();
        return StreamSupport.stream(dump.path("threadDump").path("threadContainers").spliterator(), false)
                .flatMap(container -> StreamSupport.stream(container.path("threads").spliterator(), false))
                .map(thread -> thread.path("stack").toString())
                .filter(stack -> Arrays.stream(frames).allMatch(stack::contains))
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
