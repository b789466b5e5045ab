package dev.poco.runner.admission;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the host has left, read when an admission is decided: memory and tasks (processes and
 * threads, which is what the kernel's and cgroups' process limits count).
 */
public interface HostResources {

    /** Memory the host can still give without swapping, in MiB ({@code MemAvailable}). */
    long availableMemoryMb();

    /** All the memory this runner may use, in MiB: the host's, or its cgroup's limit when lower. */
    long totalMemoryMb();

    /** Tasks on the host now. */
    long tasks();

    /** The most tasks the host (kernel or this runner's pids cgroup) allows. */
    long taskLimit();

    /** The host as Linux reports it in {@code /proc} and {@code /sys/fs/cgroup}. */
    static HostResources linux() {
        return new Linux(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }

    /**
     * Reads {@code /proc/meminfo}, {@code /proc/loadavg} (its total of scheduling entities counts every
     * task on the host) and the kernel's task limits, plus the memory and pids limits of the cgroup
     * root this process sees (v1 or v2). A figure that cannot be read does not limit anything.
     */
    record Linux(Path proc, Path cgroup) implements HostResources {

        @Override
        public long availableMemoryMb() {
            return meminfo("MemAvailable:").orElse(Long.MAX_VALUE) >> 10;
        }

        @Override
        public long totalMemoryMb() {
            long host = meminfo("MemTotal:").orElse(Long.MAX_VALUE) >> 10;
            long limit = firstNumber(cgroup.resolve("memory.max"), cgroup.resolve("memory/memory.limit_in_bytes"))
                    .orElse(Long.MAX_VALUE) >> 20;
            return Math.min(host, limit);
        }

        @Override
        public long tasks() {
            // "0.50 0.40 0.30 2/345 12345": 345 tasks
            String loadavg = read(proc.resolve("loadavg"));
            long host = 0;
            String[] fields = loadavg.split("\\s+");
            if (fields.length > 3 && fields[3].contains("/")) {
                host = parse(fields[3].substring(fields[3].indexOf('/') + 1)).orElse(0);
            }
            long inCgroup = firstNumber(cgroup.resolve("pids.current"), cgroup.resolve("pids/pids.current"))
                    .orElse(0);
            return Math.max(host, inCgroup);
        }

        @Override
        public long taskLimit() {
            long kernel = Math.min(parse(read(proc.resolve("sys/kernel/threads-max"))).orElse(Long.MAX_VALUE),
                    parse(read(proc.resolve("sys/kernel/pid_max"))).orElse(Long.MAX_VALUE));
            long cgroupLimit = firstNumber(cgroup.resolve("pids.max"), cgroup.resolve("pids/pids.max"))
                    .orElse(Long.MAX_VALUE);
            return Math.min(kernel, cgroupLimit);
        }

        private OptionalLong meminfo(String key) {
            for (String line : read(proc.resolve("meminfo")).lines().toList()) {
                if (line.startsWith(key)) {
                    return parse(line.substring(key.length()).replace("kB", ""));
                }
            }
            return OptionalLong.empty();
        }

        private static OptionalLong firstNumber(Path... files) {
            for (Path file : List.of(files)) {
                OptionalLong value = parse(read(file));
                if (value.isPresent()) {
                    return value;
                }
            }
            return OptionalLong.empty();
        }

        /**
         * The whole file. Not {@code Files.readString}: procfs files report size 0, and on JDK 25 it then returns
         * only their first byte ("1" for a threads-max of 192724).
         */
        private static String read(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }

        /** A number, or empty for "max", blank or anything else. */
        private static OptionalLong parse(String text) {
            try {
                return OptionalLong.of(Long.parseLong(text.strip()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
    }
}
