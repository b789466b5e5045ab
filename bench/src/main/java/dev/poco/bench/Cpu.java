package dev.poco.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time spent, from {@code /proc}: this JVM, every PostgreSQL process, and the whole machine
 * (busy and total jiffies), so a load test can say where the cores went.
 */
record Cpu(long jvmNanos, long postgresTicks, long machineBusyTicks, long machineTotalTicks) {

    /** Clock ticks per second of {@code /proc} times; 100 on every Linux this runs on. */
    static final long HZ = 100;

    static Cpu now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long postgres = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String comm = stat.substring(stat.indexOf('(') + 1, close);
                    if (comm.equals("postgres")) {
                        String[] f = stat.substring(close + 2).split(" ");
                        postgres += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            postgres = -1;
        }
        long busy = 0;
        long total = 0;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().split("\\s+");
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i != 4 && i != 5) { // idle, iowait
                    busy += v;
                }
            }
        } catch (IOException | RuntimeException e) {
            total = -1;
        }
        return new Cpu(jvm, postgres, busy, total);
    }

    /** CPU used between {@code before} and this, as milliseconds per {@code operations}. */
    String perOperation(Cpu before, long operations) {
        double jvmMs = (jvmNanos - before.jvmNanos) / 1e6 / operations;
        double pgMs = (postgresTicks - before.postgresTicks) * 1000.0 / HZ / operations;
        double busy = 100.0 * (machineBusyTicks - before.machineBusyTicks)
                / Math.max(1, machineTotalTicks - before.machineTotalTicks);
        return String.format("CPU per callback: %.2f ms in this JVM (server and load generator), %.2f ms in PostgreSQL;"
                + " machine %.0f%% busy", jvmMs, pgMs, busy);
    }
}
