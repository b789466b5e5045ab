package dev.poco.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Durations in nanoseconds, summarised with nearest-rank percentiles (p99 of 20 samples is the
 * largest). Thread-safe to add to.
 */
final class Samples {

    private final List<Long> nanos = new ArrayList<>();

    synchronized void add(long durationNanos) {
        nanos.add(durationNanos);
    }

    synchronized int size() {
        return nanos.size();
    }

    synchronized long[] sorted() {
        long[] values = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(values);
        return values;
    }

    /** Nearest-rank percentile in milliseconds, {@code q} in (0, 1]; NaN when empty. */
    double percentileMillis(double q) {
        long[] values = sorted();
        if (values.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * values.length);
        return values[Math.max(0, Math.min(values.length - 1, rank - 1))] / 1e6;
    }

    /** The median in milliseconds (mean of the two middle values for an even count). */
    double medianMillis() {
        long[] values = sorted();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] / 1e6 : (values[mid - 1] + values[mid]) / 2e6;
    }

    double minMillis() {
        long[] values = sorted();
        return values.length == 0 ? Double.NaN : values[0] / 1e6;
    }

    double maxMillis() {
        long[] values = sorted();
        return values.length == 0 ? Double.NaN : values[values.length - 1] / 1e6;
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "-";
        }
        return Math.abs(millis) >= 100 ? String.format("%.0f ms", millis) : String.format("%.2f ms", millis);
    }
}
