package dev.poco.runner.admission;

/**
 * One live session's share of the {@link HostBudget}: taken by {@link HostBudget#admit} or
 * {@link HostBudget#tryAdmit}, given back by {@link #close()}. Both methods are idempotent and may be
 * called from any thread.
 */
public interface Admission extends AutoCloseable {

    /** The CLI is past its start-up: its start goes back to the budget, its live session stays. */
    void started();

    /** The session is over (its process gone): everything it still holds goes back to the budget. */
    @Override
    void close();
}
