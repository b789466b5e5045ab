package dev.poco.runner.server;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * The runner's one retry policy for calls to the server, on Spring's {@link RetryTemplate}:
 * exponential backoff (doubling from {@code firstDelay} up to {@code maxDelay}) with jitter of half
 * the delay, so runners that lost the server together do not come back in step. Only a
 * {@link ServerException#retryable()} failure (unreachable, 5xx, 408, 429) is retried unless
 * {@link #retrying} says otherwise; a refusal is thrown at once. Optionally bounded by a deadline, and by a condition (a loop that is stopping).
 *
 * <p>Immutable and thread-safe; {@link #call} blocks the calling thread while it backs off and
 * answers an interrupt with {@link InterruptedException}.
 */
public final class ServerRetry {

    private final Duration firstDelay;
    private final Duration maxDelay;
    private final @Nullable Duration deadline;
    private final BooleanSupplier keepGoing;
    private final Predicate<ServerException> retryIf;

    private ServerRetry(Duration firstDelay, Duration maxDelay, @Nullable Duration deadline,
            BooleanSupplier keepGoing, Predicate<ServerException> retryIf) {
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("need 0 < firstDelay <= maxDelay, got " + firstDelay + " and "
                    + maxDelay);
        }
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.deadline = deadline;
        this.keepGoing = keepGoing;
        this.retryIf = retryIf;
    }

    /** Retries for as long as it takes (see {@link #whileTrue}). */
    public static ServerRetry backoff(Duration firstDelay, Duration maxDelay) {
        return new ServerRetry(firstDelay, maxDelay, null, () -> true, ServerException::retryable);
    }

    /** The same, giving up once {@code deadline} has passed since the first attempt (no sleep runs past it). */
    public ServerRetry within(Duration deadline) {
        return new ServerRetry(firstDelay, maxDelay, deadline, keepGoing, retryIf);
    }

    /** The same, giving up as soon as {@code condition} is false when a failure is looked at. */
    public ServerRetry whileTrue(BooleanSupplier condition) {
        return new ServerRetry(firstDelay, maxDelay, deadline, condition, retryIf);
    }

    /**
     * The same, retrying the failures {@code which} accepts instead of only the retryable ones; for a
     * loop that has nothing better to do than ask again, such as the claim loop.
     */
    public ServerRetry retrying(Predicate<ServerException> which) {
        return new ServerRetry(firstDelay, maxDelay, deadline, keepGoing, which);
    }

    /** {@link #call(Supplier, Consumer)} without a failure observer. */
    public <T> T call(Supplier<T> action) throws InterruptedException {
        return call(action, failure -> {});
    }

    /**
     * Runs {@code action} until it returns, retrying retryable failures.
     *
     * @param beforeRetry told of each failure that will be retried, before the backoff (for logging)
     * @throws ServerException a refusal at once; the last retryable failure when the deadline or the
     *     condition ended the retries
     * @throws InterruptedException when interrupted while backing off
     */
    public <T> T call(Supplier<T> action, Consumer<ServerException> beforeRetry) throws InterruptedException {
        RetryPolicy.Builder policy = RetryPolicy.builder()
                .maxRetries(Long.MAX_VALUE)
                .delay(firstDelay)
                .multiplier(2)
                .maxDelay(maxDelay)
                .jitter(firstDelay.dividedBy(2))
                .predicate(e -> e instanceof ServerException s && retryIf.test(s) && keepGoing.getAsBoolean());
        if (deadline != null) {
            policy.timeout(deadline);
        }
        RetryTemplate template = new RetryTemplate(policy.build());
        template.setRetryListener(new RetryListener() {
            @Override
            public void onRetryableExecution(RetryPolicy p, Retryable<?> r, RetryState state) {
                if (!state.isSuccessful() && state.getLastException() instanceof ServerException failure
                        && p.shouldRetry(failure)) {
                    beforeRetry.accept(failure);
                }
            }
        });
        try {
            return template.execute(action::get);
        } catch (RetryException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while retrying: " + e.getCause());
            }
            if (e.getCause() instanceof ServerException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException other) {
                throw other; // not a server failure: never retried, passed on as it came
            }
            throw new IllegalStateException(e);
        }
    }
}
