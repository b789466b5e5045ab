package dev.poco.server.common;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Creates the {@link ChangeNotifier}s long-polls and event streams wait on, and ends every wait
 * when the server shuts down: graceful shutdown waits for requests in progress, and a claim or watch parked for
 * 25 s would otherwise hold it up. Stops first (last phase), so waiters answer "nothing yet"
 * while the web server still serves their response.
 */
@Component
public class ChangeNotifiers implements SmartLifecycle {

    private final PgNotifications hub;
    private final List<ChangeNotifier> notifiers = new CopyOnWriteArrayList<>();
    private final Set<Runnable> wakers = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    public ChangeNotifiers(PgNotifications hub) {
        this.hub = hub;
    }

    /** A notifier for {@code channel}; {@code keyOf} maps a payload to the key waiters watch. */
    public ChangeNotifier on(String channel, Function<String, String> keyOf) {
        ChangeNotifier notifier = new ChangeNotifier(hub, channel, keyOf, this::stopping);
        notifiers.add(notifier);
        return notifier;
    }

    /**
     * Registers a way to wake a waiter that does not wait on a {@link ChangeNotifier} (a queue, for
     * example); close the handle when done.
     */
    public AutoCloseable onStop(Runnable waker) {
        wakers.add(waker);
        return () -> wakers.remove(waker);
    }

    /** True once shutdown began: long-polls should answer with what they have. */
    public boolean stopping() {
        return !running;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        notifiers.forEach(ChangeNotifier::wakeAll);
        wakers.forEach(Runnable::run);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
