package dev.poco.server.memories;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

/** The in-process model: unit vectors of 384 floats whose cosine follows meaning. Prints what loading it costs. */
class MemoryEmbeddingsTest {

    @Test
    void similarMeaningsAreCloserThanUnrelatedOnesAndTheCostOfLoadingIsPrinted() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        long nonHeapBefore = memory.getNonHeapMemoryUsage().getUsed();
        long rssBefore = rssKb();
        MemoryEmbeddings embeddings = new MemoryEmbeddings(new MemoryProperties(true, 1000, 10000, 100000, 0.3, 0.95,
                2048));
        long start = System.nanoTime();
        float[] dog = embeddings.embed("Alice's dog is a beagle named Biscuit").orElseThrow();
        long firstMs = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        float[] puppy = embeddings.embed("puppy").orElseThrow();
        long nextMs = (System.nanoTime() - start) / 1_000_000;
        float[] pet = embeddings.embed("What kind of pet does she own?").orElseThrow();
        float[] coffee = embeddings.embed("Alice prefers dark roast coffee in the morning").orElseThrow();
        float[] tea = embeddings.embed("用户喜欢喝绿茶").orElseThrow();
        float[] where = embeddings.embed("用户住在哪里").orElseThrow();
        float[] shanghai = embeddings.embed("用户住在上海浦东").orElseThrow();
        System.gc();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();
        long nonHeapAfter = memory.getNonHeapMemoryUsage().getUsed();
        long rssAfter = rssKb();
        System.out.printf("memory embeddings: first embedding (model load included) %d ms, next %d ms; heap %+d MB,"
                        + " non-heap %+d MB, resident set %+d MB%n", firstMs, nextMs,
                (heapAfter - heapBefore) >> 20, (nonHeapAfter - nonHeapBefore) >> 20, (rssAfter - rssBefore) >> 10);
        System.out.printf("similarities: puppy/dog %.3f puppy/coffee %.3f pet/dog %.3f pet/coffee %.3f"
                        + " where/shanghai %.3f where/tea %.3f%n", MemoryEmbeddings.cosine(puppy, dog),
                MemoryEmbeddings.cosine(puppy, coffee), MemoryEmbeddings.cosine(pet, dog),
                MemoryEmbeddings.cosine(pet, coffee), MemoryEmbeddings.cosine(where, shanghai),
                MemoryEmbeddings.cosine(where, tea));

        assertThat(dog).hasSize(MemoryEmbeddings.DIMENSIONS);
        assertThat(MemoryEmbeddings.cosine(dog, dog)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(MemoryEmbeddings.cosine(puppy, dog)).isGreaterThan(MemoryEmbeddings.cosine(puppy, coffee));
        assertThat(MemoryEmbeddings.cosine(pet, dog)).isGreaterThan(MemoryEmbeddings.cosine(pet, coffee));
        assertThat(MemoryEmbeddings.cosine(tea, dog)).isLessThan(MemoryEmbeddings.cosine(pet, dog));
    }

    @Test
    void turnedOffItComputesNothing() {
        MemoryEmbeddings off = new MemoryEmbeddings(new MemoryProperties(false, 1000, 10000, 100000, 0.3, 0.95, 2048));
        assertThat(off.embed("anything")).isEmpty();
        assertThat(off.available()).isFalse();
    }

    private static long rssKb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return 0;
    }
}
