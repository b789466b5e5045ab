package dev.poco.testkit.anthropic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Every request received, in arrival order. Thread-safe; uses a {@link ReentrantLock} rather than
 * {@code synchronized} so virtual handler threads are never pinned while waiting.
 */
final class RequestLog {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final List<RecordedRequest> requests = new ArrayList<>();

    /** Builds the request with the next sequence number and appends it, atomically. */
    RecordedRequest add(IntFunction<RecordedRequest> factory) {
        lock.lock();
        try {
            RecordedRequest request = factory.apply(requests.size());
            requests.add(request);
            added.signalAll();
            return request;
        } finally {
            lock.unlock();
        }
    }

    List<RecordedRequest> snapshot() {
        lock.lock();
        try {
            return List.copyOf(requests);
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            requests.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until at least {@code count} recorded requests match {@code filter}, and returns all
     * the matching ones.
     *
     * @throws AssertionError on timeout, listing what was received
     * @throws InterruptedException if interrupted while waiting
     */
    List<RecordedRequest> await(int count, Duration timeout, Predicate<RecordedRequest> filter, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                List<RecordedRequest> matching = requests.stream().filter(filter).toList();
                if (matching.size() >= count) {
                    return matching;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Expected " + count + " " + what + " within " + timeout + " but got "
                            + matching.size() + "; all requests: " + new ArrayList<>(requests));
                }
                added.await(left, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }
}
