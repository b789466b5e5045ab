package dev.poco.server.support;

import static org.awaitility.Awaitility.await;

import dev.poco.testkit.threads.ThreadDumps;
import java.time.Duration;

/**
 * Sees what the server's request threads are doing: the API tests run the server in this JVM, so a
 * thread dump ({@link ThreadDumps}) shows whether a long-poll is parked waiting to be woken. Tests
 * use it to send an event only once the waiter is really waiting, instead of sleeping and hoping it
 * is.
 */
public final class ServerThreads {

    private static final String WAITING = "dev.poco.server.common.ChangeNotifier$Watch.await(";

    private ServerThreads() {}

    /**
     * Waits until a thread is parked in {@code ChangeNotifier.Watch.await} called from {@code method}
     * (e.g. {@code "dev.poco.server.runs.RunService.claim"}): the long-poll has found nothing yet
     * and now waits for a change.
     */
    public static void awaitWaitingIn(String method) {
        await("a thread waiting for a change in " + method).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50)).until(() -> waitingIn(method) > 0);
    }

    /** How many threads are parked waiting for a change in {@code method}. */
    public static long waitingIn(String method) {
        return ThreadDumps.threadsIn(WAITING, method + "(");
    }
}
