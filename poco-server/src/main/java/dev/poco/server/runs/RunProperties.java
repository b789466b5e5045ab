package dev.poco.server.runs;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Queue timings ({@code poco.runs.*}, e.g. {@code POCO_RUNS_HEARTBEAT_TIMEOUT_SECONDS}).
 *
 * @param defaultLeaseSeconds claim lease when the runner asks for none (poco: 30)
 * @param maxLeaseSeconds upper bound of a requested lease
 * @param heartbeatTimeoutSeconds a running run whose last heartbeat is older is failed
 * @param reaperIntervalSeconds how often expired claims and silent runs are looked for
 * @param maxClaimWaitSeconds upper bound of a claim's {@code wait_seconds}
 */
@Validated
@ConfigurationProperties("poco.runs")
public record RunProperties(
        @DefaultValue("30") @Min(1) int defaultLeaseSeconds,
        @DefaultValue("3600") @Min(1) int maxLeaseSeconds,
        @DefaultValue("60") @Min(2) int heartbeatTimeoutSeconds,
        @DefaultValue("5") @Min(1) int reaperIntervalSeconds,
        @DefaultValue("60") @Min(0) int maxClaimWaitSeconds) {}
