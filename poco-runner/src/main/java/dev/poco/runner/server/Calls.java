package dev.poco.runner.server;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Server calls made on other threads, so that a run's reads overlap. */
public final class Calls {

    private Calls() {}

    /**
     * Waits for {@code call} and returns its answer; what it threw (a {@link ServerException}, an interrupt) is
     * rethrown as it was thrown, so callers handle it as if they had made the call themselves.
     */
    public static <T> T await(Future<T> call) throws InterruptedException {
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
