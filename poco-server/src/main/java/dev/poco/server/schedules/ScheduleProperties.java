package dev.poco.server.schedules;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The scheduled-task dispatcher ({@code poco.schedules.*}, e.g. {@code POCO_SCHEDULES_INTERVAL_SECONDS}).
 *
 * @param enabled whether this server dispatches due tasks (turn it off on replicas that should not; any one
 *        enabled server is enough, several are safe)
 * @param intervalSeconds how often due tasks are looked for (poco's executor manager: 30)
 * @param batchSize most tasks one pass fires (poco: 50)
 */
@Validated
@ConfigurationProperties("poco.schedules")
public record ScheduleProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10") @Min(1) @Max(3600) int intervalSeconds,
        @DefaultValue("50") @Min(1) @Max(1000) int batchSize) {}
