package dev.poco.bench;

import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a {@code ./poco start} server process uses, read from outside it: CPU time and threads from
 * {@code /proc/<pid>}, RSS ({@link ProcTree}), and the JVM's heap from its own
 * {@code /actuator/prometheus} (which needs the runner token).
 */
final class ServerProcess {

    /** A reading at one moment. */
    record Reading(long nanoTime, long cpuTicks, long rssKb, int threads, long heapUsedBytes) {

        /** CPU used between {@code before} and this, as % of one core. */
        double cpuPercentOfOneCore(Reading before) {
            double seconds = (nanoTime - before.nanoTime) / 1e9;
            return seconds <= 0 ? 0 : 100.0 * (cpuTicks - before.cpuTicks) / Cpu.HZ / seconds;
        }
    }

    private final long pid;
    private final Api metrics;

    ServerProcess(long pid, String base, String runnerToken) {
        this.pid = pid;
        this.metrics = new Api(base, Map.of("X-Internal-Token", runnerToken));
    }

    Reading read() {
        return new Reading(System.nanoTime(), cpuTicks(pid), ProcTree.rssKb(pid), threads(pid), heapUsed());
    }

    /** utime + stime of the process (all its threads), in clock ticks; -1 if unreadable. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return -1;
        }
    }

    /** The process's threads (Java and native ones: GC, JIT, …) from {@code /proc/<pid>/status}. */
    static int threads(long pid) {
        return Machine.procLine(Path.of("/proc/" + pid + "/status"), "Threads:").map(Long::intValue).orElse(-1);
    }

    /** Heap in use (all heap pools, {@code jvm_memory_used_bytes{area="heap"}}); -1 if the endpoint did not answer. */
    long heapUsed() {
        try {
            Reply reply = metrics.get("/actuator/prometheus");
            if (reply.status() != 200) {
                return -1;
            }
            double sum = 0;
            boolean found = false;
            for (String line : reply.body().lines().toList()) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    List<String> parts = List.of(line.split(" "));
                    sum += Double.parseDouble(parts.get(parts.size() - 1));
                    found = true;
                }
            }
            return found ? (long) sum : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static String mb(long bytes) {
        return bytes < 0 ? "-" : String.format("%.0f MB", bytes / (1024.0 * 1024.0));
    }
}
