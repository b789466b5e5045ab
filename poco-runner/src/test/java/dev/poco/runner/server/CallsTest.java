package dev.poco.runner.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallsTest {

    @Test
    void aForkJoinWorkerWaitingForACallLetsThePoolRunWhatTheCallNeeds() throws Exception {
        ForkJoinPool onePool = new ForkJoinPool(1); // the common pool on a two-core host
        try {
            // a call whose answer is completed by a task of the same pool, as the HTTP client's are
            FutureTask<Integer> call = new FutureTask<>(() -> CompletableFuture.supplyAsync(() -> 42, onePool).join());
            Integer answer = onePool.submit(() -> {
                Thread.ofVirtual().start(call);
                return Calls.await(call); // the pool's only worker waits here
            }).get(30, TimeUnit.SECONDS);

            assertThat(answer).isEqualTo(42);
        } finally {
            onePool.shutdownNow();
        }
    }

    @Test
    void rethrowsWhatTheCallThrewAsItWasThrown() {
        ServerException refused = new ServerException("refused", 403, 40300);
        FutureTask<Integer> call = new FutureTask<>(() -> {
            throw refused;
        });
        call.run();

        assertThatThrownBy(() -> Calls.await(call)).isSameAs(refused);
    }
}
