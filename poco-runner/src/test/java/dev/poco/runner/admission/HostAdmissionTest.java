package dev.poco.runner.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.runner.admission.HostBudget.Limit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The host budget's line: first come first served, each waiter told where it stands and what the first
 * in line waits for, admitted when the host has room. The host's figures are given (memory and tasks
 * the test sets), so each limit can be reached on purpose; nothing asserts a duration.
 */
class HostAdmissionTest {

    /** A host whose free memory and task count the test sets. */
    private static final class Host implements HostResources {
        final AtomicLong availableMb = new AtomicLong(10_000);
        final AtomicLong tasks = new AtomicLong(100);

        @Override
        public long availableMemoryMb() {
            return availableMb.get();
        }

        @Override
        public long totalMemoryMb() {
            return 10_000;
        }

        @Override
        public long tasks() {
            return tasks.get();
        }

        @Override
        public long taskLimit() {
            return 1_000;
        }
    }

    private record Told(int ahead, Limit limit) {}

    /** Waits for admission on its own thread, recording what it was told. */
    private static final class Waiter implements HostBudget.Waiting {
        final List<Told> told = new CopyOnWriteArrayList<>();
        final AtomicReference<Optional<Admission>> result = new AtomicReference<>();
        final AtomicBoolean abandon = new AtomicBoolean();
        final Thread thread;

        Waiter(HostBudget budget, String name) {
            thread = Thread.ofVirtual().start(() -> {
                try {
                    result.set(budget.admit(name, this));
                } catch (InterruptedException e) {
                    result.set(Optional.empty());
                }
            });
        }

        @Override
        public void waiting(int ahead, Limit limit) {
            told.add(new Told(ahead, limit));
        }

        @Override
        public boolean abandoned() {
            return abandon.get();
        }

        boolean admitted() {
            Optional<Admission> r = result.get();
            return r != null && r.isPresent();
        }

        Admission admission() {
            return result.get().orElseThrow();
        }
    }

    private final Host host = new Host();

    private HostAdmission budget(int starts, int sessions) {
        return new HostAdmission(new AdmissionSettings(starts, sessions * 150L, 150, 64), host);
    }

    @Test
    void withRoomARunIsAdmittedAtOnceAndToldNothing() {
        HostAdmission budget = budget(2, 2);

        Waiter run = new Waiter(budget, "run 1");

        await().atMost(Duration.ofSeconds(10)).until(run::admitted);
        assertThat(run.told).isEmpty();
        assertThat(budget.usage()).isEqualTo(new HostBudget.Usage(1, 1, 0, 2, 2));
        run.admission().started();
        assertThat(budget.usage().starting()).isZero();
        run.admission().close();
        run.admission().close(); // idempotent
        assertThat(budget.usage()).isEqualTo(new HostBudget.Usage(0, 0, 0, 2, 2));
    }

    @Test
    void startsBeyondTheCpuBudgetWaitUntilACliIsPastItsStartUp() {
        HostAdmission budget = budget(1, 5);
        Admission starting = budget.tryAdmit("run 1").orElseThrow();

        Waiter next = new Waiter(budget, "run 2");

        await().atMost(Duration.ofSeconds(10)).until(() -> !next.told.isEmpty());
        assertThat(next.told.getFirst()).isEqualTo(new Told(0, Limit.STARTS));
        starting.started();
        await().atMost(Duration.ofSeconds(10)).until(next::admitted);
        assertThat(budget.usage().liveSessions()).isEqualTo(2);
    }

    @Test
    void runsWaitInLineFirstComeFirstServedAndLearnTheirPlace() {
        HostAdmission budget = budget(5, 1);
        Admission holder = budget.tryAdmit("run 0").orElseThrow();
        Waiter first = new Waiter(budget, "run 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> budget.usage().waiting() == 1);
        Waiter second = new Waiter(budget, "run 2");
        await().atMost(Duration.ofSeconds(10)).until(() -> !second.told.isEmpty());

        assertThat(first.told).containsExactly(new Told(0, Limit.SESSIONS));
        assertThat(second.told).containsExactly(new Told(1, Limit.SESSIONS));
        assertThat(budget.tryAdmit("a warm pool")).as("a pool never takes a slot while runs wait").isEmpty();

        holder.close();
        await().atMost(Duration.ofSeconds(10)).until(first::admitted);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.told.size() == 2);
        assertThat(second.told.getLast()).isEqualTo(new Told(0, Limit.SESSIONS));
        assertThat(second.admitted()).isFalse();
        first.admission().close();
        await().atMost(Duration.ofSeconds(10)).until(second::admitted);
    }

    @Test
    void aHostShortOfMemoryOrProcessesHoldsRunsBackUntilItHasRoom() {
        HostAdmission budget = budget(5, 50);
        host.availableMb.set(100); // less than one session's 150 MB
        Waiter memory = new Waiter(budget, "run 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> !memory.told.isEmpty());
        assertThat(memory.told.getFirst().limit()).isEqualTo(Limit.MEMORY);

        host.tasks.set(990); // 64 more would pass the limit of 1000
        host.availableMb.set(10_000);
        Waiter processes = new Waiter(budget, "run 2");
        await().atMost(Duration.ofSeconds(10)).until(() -> !processes.told.isEmpty());
        assertThat(processes.told.getFirst()).isEqualTo(new Told(1, Limit.PROCESSES));
        assertThat(memory.admitted()).isFalse();

        host.tasks.set(100); // freed without anyone telling the budget: the first in line looks again
        await().atMost(Duration.ofSeconds(10)).until(() -> memory.admitted() && processes.admitted());
    }

    @Test
    void aWaitingRunAsksTheReclaimersForAnIdleSession() {
        HostAdmission budget = budget(5, 1);
        Admission idleHotSession = budget.tryAdmit("hot session").orElseThrow();
        List<String> evicted = new ArrayList<>();
        budget.addReclaimer(() -> {
            synchronized (evicted) {
                if (!evicted.isEmpty()) {
                    return false;
                }
                evicted.add("hot session");
            }
            idleHotSession.close();
            return true;
        });

        Waiter run = new Waiter(budget, "run 1");

        await().atMost(Duration.ofSeconds(10)).until(run::admitted);
        assertThat(evicted).containsExactly("hot session");
        assertThat(budget.usage().liveSessions()).isEqualTo(1);
    }

    @Test
    void anAbandonedWaitTakesNothingAndLetsTheNextOneMoveUp() {
        HostAdmission budget = budget(5, 1);
        Admission holder = budget.tryAdmit("run 0").orElseThrow();
        Waiter canceled = new Waiter(budget, "run 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> budget.usage().waiting() == 1);
        Waiter next = new Waiter(budget, "run 2");
        await().atMost(Duration.ofSeconds(10)).until(() -> !next.told.isEmpty());

        canceled.abandon.set(true);

        await().atMost(Duration.ofSeconds(10)).until(() -> canceled.result.get() != null);
        assertThat(canceled.result.get()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> next.told.size() == 2);
        assertThat(next.told.getLast().ahead()).isZero();
        holder.close();
        await().atMost(Duration.ofSeconds(10)).until(next::admitted);
        assertThat(budget.usage().liveSessions()).isEqualTo(1);
    }

    @Test
    void theLinuxHostReadsItsFigures() {
        HostResources linux = HostResources.linux();
        assertThat(linux.availableMemoryMb()).isPositive();
        assertThat(linux.totalMemoryMb()).isGreaterThanOrEqualTo(linux.availableMemoryMb() / 2);
        assertThat(linux.tasks()).isPositive();
        assertThat(linux.taskLimit()).isGreaterThan(linux.tasks());
    }
}
