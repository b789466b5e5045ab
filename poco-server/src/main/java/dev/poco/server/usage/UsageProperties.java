package dev.poco.server.usage;

import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Usage settings ({@code poco.usage.*}).
 *
 * @param monthlyBudgetUsd {@code POCO_USAGE_MONTHLY_BUDGET_USD}: each user's spend per calendar month (UTC) past
 *     which new tasks are refused; unset or 0 is no budget
 * @param prices {@code POCO_USAGE_PRICES}: overrides of the price table, {@code family=input:output} in USD per
 *     million tokens, comma-separated, e.g. {@code opus=15:75,sonnet=3:15}; a family is a word of the model name
 */
@Validated
@ConfigurationProperties("poco.usage")
public record UsageProperties(@Nullable @PositiveOrZero Double monthlyBudgetUsd, @DefaultValue("") String prices) {

    boolean hasBudget() {
        return monthlyBudgetUsd != null && monthlyBudgetUsd > 0;
    }
}
