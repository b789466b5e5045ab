package dev.poco.server.stream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Ends open event streams when the server shuts down, before the web server's graceful shutdown
 * starts waiting for requests to finish (streams never finish on their own). Clients reconnect
 * with {@code Last-Event-ID} to whichever replica is up.
 */
@Component
class StreamLifecycle implements SmartLifecycle {

    private final Set<Runnable> wakers = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    boolean stopping() {
        return !running;
    }

    /** Registers a way to wake one stream's thread; remove it with the returned handle. */
    AutoCloseable onStop(Runnable waker) {
        wakers.add(waker);
        return () -> wakers.remove(waker);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        wakers.forEach(Runnable::run);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE; // stops first, before graceful shutdown of the web server
    }
}
