package dev.poco.server.usage;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The Usage page's figures (ours, not poco's): a caller's usage logs over the last {@code days} days (UTC), summed, per
 * day, per project and per model, and the monthly budget.
 */
public record UsageSummary(LocalDate from, LocalDate to, Totals total, List<Day> byDay, List<ProjectUsage> byProject,
        List<ModelUsage> byModel, Budget budget) {

    /** Summed counters; {@code runs} counts distinct runs with usage. */
    public record Totals(double costUsd, long inputTokens, long outputTokens, long cacheCreationInputTokens,
            long cacheReadInputTokens, long runs) {}

    public record Day(LocalDate day, double costUsd, long inputTokens, long outputTokens, long cacheCreationInputTokens,
            long cacheReadInputTokens, long runs) {}

    /** {@code projectId} and {@code name} null: sessions in no project. */
    public record ProjectUsage(@Nullable UUID projectId, @Nullable String name, double costUsd, long inputTokens,
            long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens, long runs) {}

    /** Per model as the gateway metered it; {@code costUsd} from the price table, null for a model without price. */
    public record ModelUsage(String model, @Nullable Double costUsd, long inputTokens, long outputTokens,
            long cacheCreationInputTokens, long cacheReadInputTokens, long requests) {}

    /** {@code monthlyBudgetUsd} null: no budget; {@code spentUsd}: this calendar month (UTC). */
    public record Budget(@Nullable Double monthlyBudgetUsd, double spentUsd, @Nullable Double remainingUsd,
            boolean exceeded) {}
}
