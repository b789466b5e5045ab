package dev.poco.server.common;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Creates the {@link ChangeNotifier}s long-polls wait on, and ends every wait when the server
 * shuts down: graceful shutdown waits for requests in progress, and a claim or watch parked for
 * 25 s would otherwise hold it up. Stops first (last phase), so waiters answer "nothing yet"
 * while the web server still serves their response.
 */
@Component
public class ChangeNotifiers implements SmartLifecycle {

    private final PgNotifications hub;
    private final List<ChangeNotifier> notifiers = new CopyOnWriteArrayList<>();
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
