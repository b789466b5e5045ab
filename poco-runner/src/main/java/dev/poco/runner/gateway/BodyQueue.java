package dev.poco.runner.gateway;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Hands the upstream body to the connection thread piece by piece, as the HTTP client receives it, asking for the
 * next piece only after the previous one was written (so a slow sandbox slows the upstream read, nothing piles up).
 */
final class BodyQueue implements Flow.Subscriber<List<ByteBuffer>> {

    private sealed interface Item permits Data, End, Failure {
    }

    private record Data(List<ByteBuffer> buffers) implements Item {
    }

    private record End() implements Item {
    }

    private record Failure(Throwable error) implements Item {
    }

    private final LinkedBlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private volatile Flow.@Nullable Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription value) {
        subscription = value;
        value.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        items.add(new Data(buffers));
    }

    @Override
    public void onError(Throwable error) {
        items.add(new Failure(error));
    }

    @Override
    public void onComplete() {
        items.add(new End());
    }

    /**
     * The next piece of the body, or {@code null} at its end.
     *
     * @throws HttpTimeoutException if nothing arrives within {@code idleTimeout}
     * @throws IOException if the upstream failed mid-body
     */
    @Nullable List<ByteBuffer> next(Duration idleTimeout) throws IOException, InterruptedException {
        Item item = items.poll(idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
        return switch (item) {
            case null -> {
                cancel();
                throw new HttpTimeoutException("upstream sent nothing for " + idleTimeout);
            }
            case Data data -> {
                Flow.Subscription current = subscription;
                if (current != null) {
                    current.request(1);
                }
                yield data.buffers();
            }
            case End end -> null;
            case Failure failure -> throw failure.error() instanceof IOException io ? io
                    : new IOException("upstream body failed", failure.error());
        };
    }

    /** Stops the upstream transfer (client went away, gateway closing). */
    void cancel() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }
}
