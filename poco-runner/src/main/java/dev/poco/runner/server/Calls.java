package dev.poco.runner.server;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;

/** Server calls made on other threads, so that a run's reads overlap. */
public final class Calls {

    private Calls() {}

    /**
     * Waits for {@code call} and returns its answer; what it threw (a {@link ServerException}, an interrupt) is
     * rethrown as it was thrown, so callers handle it as if they had made the call themselves.
     *
     * <p>On a fork-join worker (a run driven from {@code CompletableFuture.supplyAsync}, as tests do) the wait is a
     * managed block, so the pool adds a worker meanwhile: the HTTP client completes answers on the common pool, and
     * on two cores that pool has a single worker, which a plain wait would hold until the call's read timeout.
     *
     * @throws CancellationException if the call was cancelled
     */
    public static <T> T await(Future<T> call) throws InterruptedException {
        if (Thread.currentThread() instanceof ForkJoinWorkerThread && !call.isDone()) {
            ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {
                @Override
                public boolean block() throws InterruptedException {
                    try {
                        call.get();
                    } catch (ExecutionException | CancellationException e) {
                        // done either way; get() below rethrows it
                    }
                    return true;
                }

                @Override
                public boolean isReleasable() {
                    return call.isDone();
                }
            });
        }
        try {
            return call.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            switch (cause) {
                case RuntimeException failure -> throw failure;
                case Error error -> throw error;
                case InterruptedException interrupted -> throw interrupted;
                case null -> throw new IllegalStateException(e);
                default -> throw new IllegalStateException(cause);
            }
        }
    }
}
