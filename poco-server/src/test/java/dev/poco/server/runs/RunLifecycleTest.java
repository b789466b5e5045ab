package dev.poco.server.runs;

import static dev.poco.protocol.RunStatus.CANCELED;
import static dev.poco.protocol.RunStatus.CLAIMED;
import static dev.poco.protocol.RunStatus.COMPLETED;
import static dev.poco.protocol.RunStatus.FAILED;
import static dev.poco.protocol.RunStatus.QUEUED;
import static dev.poco.protocol.RunStatus.RUNNING;
import static dev.poco.server.runs.RunLifecycle.Trigger.CANCEL;
import static dev.poco.server.runs.RunLifecycle.Trigger.CLAIM;
import static dev.poco.server.runs.RunLifecycle.Trigger.COMPLETE;
import static dev.poco.server.runs.RunLifecycle.Trigger.FAIL;
import static dev.poco.server.runs.RunLifecycle.Trigger.LEASE_EXPIRED;
import static dev.poco.server.runs.RunLifecycle.Trigger.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.protocol.RunStatus;
import dev.poco.server.runs.RunLifecycle.Trigger;
import dev.poco.server.sessions.SessionStatus;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The transition table of {@link RunLifecycle}: legal moves, refused moves, idempotent repeats and cancel races. */
class RunLifecycleTest {

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @CsvSource({
            "QUEUED, CLAIM, CLAIMED",
            "QUEUED, START, RUNNING",
            "QUEUED, COMPLETE, COMPLETED",
            "QUEUED, FAIL, FAILED",
            "QUEUED, CANCEL, CANCELED",
            "CLAIMED, START, RUNNING",
            "CLAIMED, COMPLETE, COMPLETED",
            "CLAIMED, FAIL, FAILED",
            "CLAIMED, CANCEL, CANCELED",
            "CLAIMED, LEASE_EXPIRED, QUEUED",
            "RUNNING, COMPLETE, COMPLETED",
            "RUNNING, FAIL, FAILED",
            "RUNNING, CANCEL, CANCELED"})
    void legalMovesGoWhereTheTableSays(RunStatus from, Trigger trigger, RunStatus to) {
        assertThat(RunLifecycle.next(from, trigger)).isEqualTo(to);
        assertThat(RunLifecycle.allows(from, to)).isTrue();
    }

    @Test
    void repeatsChangeNothing() {
        assertThat(RunLifecycle.next(RUNNING, START)).as("a second start, or a running callback").isEqualTo(RUNNING);
        assertThat(RunLifecycle.next(QUEUED, LEASE_EXPIRED)).isEqualTo(QUEUED);
        assertThat(RunLifecycle.next(RUNNING, LEASE_EXPIRED)).as("a started run holds no lease").isEqualTo(RUNNING);
        assertThat(RunLifecycle.next(COMPLETED, COMPLETE)).isEqualTo(COMPLETED);
        assertThat(RunLifecycle.next(FAILED, FAIL)).isEqualTo(FAILED);
        assertThat(RunLifecycle.next(CANCELED, CANCEL)).isEqualTo(CANCELED);
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"COMPLETED", "FAILED", "CANCELED"})
    void aFinishedRunStaysFinishedWhateverComesLater(RunStatus finished) {
        for (Trigger trigger : Trigger.values()) {
            assertThat(RunLifecycle.next(finished, trigger)).as(trigger.name()).isEqualTo(finished);
        }
        for (RunStatus other : RunStatus.values()) {
            assertThat(RunLifecycle.allows(finished, other)).as("%s -> %s", finished, other).isFalse();
        }
    }

    @Test
    void aCancelWinsTheRaceWithTheRunnersLastReports() {
        RunStatus canceled = RunLifecycle.next(RUNNING, CANCEL);
        assertThat(RunLifecycle.next(canceled, FAIL)).as("the runner's fail after the cancel").isEqualTo(CANCELED);
        assertThat(RunLifecycle.next(canceled, COMPLETE)).as("its completed callback").isEqualTo(CANCELED);
        assertThat(RunLifecycle.next(canceled, START)).as("a start that was on its way").isEqualTo(CANCELED);
        assertThat(RunLifecycle.next(RunLifecycle.next(CLAIMED, CANCEL), LEASE_EXPIRED))
                .as("the reaper finding the canceled claim's lease expired").isEqualTo(CANCELED);
    }

    @Test
    void aCancelAfterTheRunFinishedChangesNothing() {
        assertThat(RunLifecycle.next(COMPLETED, CANCEL)).isEqualTo(COMPLETED);
        assertThat(RunLifecycle.next(FAILED, CANCEL)).isEqualTo(FAILED);
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"CLAIMED", "RUNNING"})
    void onlyAQueuedRunCanBeClaimed(RunStatus notQueued) {
        assertThatThrownBy(() -> RunLifecycle.next(notQueued, CLAIM)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theOnlyWayBackIsAnExpiredClaim() {
        assertThat(RunLifecycle.allows(CLAIMED, QUEUED)).isTrue();
        assertThat(RunLifecycle.allows(RUNNING, QUEUED)).isFalse();
        assertThat(RunLifecycle.allows(RUNNING, CLAIMED)).isFalse();
        assertThat(EnumSet.allOf(RunStatus.class).stream().filter(s -> RunLifecycle.allows(s, QUEUED)))
                .containsExactly(CLAIMED);
    }

    @Test
    void theSessionFollowsItsRun() {
        assertThat(RunLifecycle.sessionStatusAfter(QUEUED, false)).contains(SessionStatus.PENDING);
        assertThat(RunLifecycle.sessionStatusAfter(CLAIMED, false)).as("a claim is not yet work").isEmpty();
        assertThat(RunLifecycle.sessionStatusAfter(RUNNING, true)).contains(SessionStatus.RUNNING);
        assertThat(RunLifecycle.sessionStatusAfter(COMPLETED, false)).contains(SessionStatus.COMPLETED);
        assertThat(RunLifecycle.sessionStatusAfter(FAILED, false)).contains(SessionStatus.FAILED);
        assertThat(RunLifecycle.sessionStatusAfter(CANCELED, false)).contains(SessionStatus.CANCELED);
    }

    @Test
    void aFinishedRunLeavesTheSessionPendingWhileAnotherRunWaits() {
        assertThat(RunLifecycle.sessionStatusAfter(COMPLETED, true)).contains(SessionStatus.PENDING);
        assertThat(RunLifecycle.sessionStatusAfter(FAILED, true)).contains(SessionStatus.PENDING);
        assertThat(RunLifecycle.sessionStatusAfter(CANCELED, true)).as("a cancel stops them all")
                .isEqualTo(Optional.of(SessionStatus.CANCELED));
    }
}
