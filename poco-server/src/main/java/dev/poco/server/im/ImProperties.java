package dev.poco.server.im;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
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
 * @param maxFileBytes the largest file {@code /get} sends to a chat (Telegram takes up to 50 MB from bots)
 * @param admins the users who may set chat app credentials and switch providers on and off in the web UI; when empty,
 *     every user may in {@code single_user} mode and nobody may in the others (the environment still configures)
 */
@Validated
@ConfigurationProperties("poco.im")
public record ImProperties(
        @DefaultValue("en") @Pattern(regexp = "en|zh") String defaultLanguage,
        @DefaultValue("10") @Min(1) @Max(1440) int linkCodeTtlMinutes,
        @DefaultValue("1000") @Min(10) int dispatchIntervalMillis,
        @DefaultValue("20") @Min(1) int dispatchBatchSize,
        @DefaultValue("60") @Min(5) int dispatchLeaseSeconds,
        @DefaultValue("12") @Min(1) int maxAttempts,
        @DefaultValue("20971520") @Min(1) long maxFileBytes,
        @DefaultValue("") List<String> admins) {}
