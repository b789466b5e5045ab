package dev.poco.server.im;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Chat apps, whatever the provider ({@code poco.im.*}, e.g. {@code POCO_IM_DEFAULT_LANGUAGE}).
 *
 * @param defaultLanguage language of replies in a chat that chose none ({@code en} or {@code zh})
 * @param linkCodeTtlMinutes how long a link code stays usable
 * @param dispatchIntervalMillis how often the outbox is looked at when no NOTIFY woke the dispatcher
 * @param dispatchBatchSize rows claimed at once
 * @param dispatchLeaseSeconds a claimed row returns to the queue when its dispatcher is silent this long
 * @param maxAttempts a notification that failed this often is given up (status {@code dead})
 */
@Validated
@ConfigurationProperties("poco.im")
public record ImProperties(
        @DefaultValue("en") @Pattern(regexp = "en|zh") String defaultLanguage,
        @DefaultValue("10") @Min(1) @Max(1440) int linkCodeTtlMinutes,
        @DefaultValue("1000") @Min(10) int dispatchIntervalMillis,
        @DefaultValue("20") @Min(1) int dispatchBatchSize,
        @DefaultValue("60") @Min(5) int dispatchLeaseSeconds,
        @DefaultValue("12") @Min(1) int maxAttempts) {}
