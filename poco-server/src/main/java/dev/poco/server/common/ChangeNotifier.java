package dev.poco.server.common;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Lets request threads wait for a change announced on a PostgreSQL NOTIFY channel, whichever
 * replica made it. Use it in three steps to never miss a wake-up: {@link #watch(String)} the key,
 * check the database, and only if nothing is there yet {@link Watch#await(Duration)}; then check
 * again. Waiting costs a parked virtual thread, nothing more.
 *
 * <p>A lost LISTEN connection wakes every waiter ({@link PgNotifications#RECONNECTED}), since
 * notifications may have been missed.
 */
public final class ChangeNotifier {

    private final Map<String, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();
    private final BooleanSupplier stopping;

    /**
     * Made by {@link ChangeNotifiers#on}, which also ends every wait at shutdown.
     *
     * @param keyOf maps a notification payload to the key waiters use (for example the run id)
     */
    ChangeNotifier(PgNotifications hub, String channel, Function<String, String> keyOf, BooleanSupplier stopping) {
        this.stopping = stopping;
        hub.subscribe(channel, payload -> {
            if (PgNotifications.RECONNECTED.equals(payload)) {
                waiters.keySet().forEach(this::wake);
            } else {
                wake(keyOf.apply(payload));
            }
        });
    }

    /** Wakes the waiters of {@code key} in this process (used for changes made locally, too). */
    public void wake(String key) {
        Set<CompletableFuture<Void>> set = waiters.get(key);
        if (set != null) {
            set.forEach(f -> f.complete(null));
        }
    }

    /** Wakes every waiter (shutdown). */
    void wakeAll() {
        waiters.values().forEach(set -> set.forEach(f -> f.complete(null)));
    }

    /** True once the server is shutting down; loops should stop waiting and answer. */
    public boolean stopping() {
        return stopping.getAsBoolean();
    }

    public Watch watch(String key) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        waiters.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(future);
        return new Watch(key, future);
    }

    /** One registration; close it when done waiting. */
    public final class Watch implements AutoCloseable {
        private final String key;
        private final CompletableFuture<Void> future;

        private Watch(String key, CompletableFuture<Void> future) {
            this.key = key;
            this.future = future;
        }

        /** Blocks until a change of the key is announced or the timeout passes; true if woken. */
        public boolean await(Duration timeout) {
            if (stopping.getAsBoolean()) {
                return true;
            }
            if (timeout.isNegative() || timeout.isZero()) {
                return future.isDone();
            }
            try {
                future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                return true;
            }
        }

        @Override
        public void close() {
            waiters.computeIfPresent(key, (k, set) -> {
                set.remove(future);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
