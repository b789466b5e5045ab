package dev.poco.server.tasks;

import dev.poco.server.common.BadRequestException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** poco's schedule resolution for a new run (reference §3.2 step 8). */
final class Schedules {

    record Resolved(String mode, @Nullable OffsetDateTime scheduledAt) {}

    private Schedules() {}

    static Resolved resolve(@Nullable String mode, @Nullable String timezone, @Nullable String scheduledAt) {
        String m = mode == null ? "immediate" : mode.strip();
        if (m.isEmpty()) {
            throw new BadRequestException("schedule_mode cannot be empty");
        }
        OffsetDateTime at = scheduledAt == null || scheduledAt.isBlank() ? null : parse(scheduledAt.strip(), timezone);
        return switch (m) {
            case "scheduled" -> {
                if (at == null) {
                    throw new BadRequestException("scheduled_at is required when schedule_mode is scheduled");
                }
                yield new Resolved(m, at);
            }
            case "immediate" -> at == null ? new Resolved(m, null) : new Resolved("scheduled", at);
            case "nightly" -> {
                if (at != null) {
                    throw new BadRequestException("scheduled_at is not allowed when schedule_mode is nightly");
                }
                yield new Resolved(m, null);
            }
            default -> new Resolved(m, at);
        };
    }

    private static OffsetDateTime parse(String value, @Nullable String timezone) {
        ZoneId zone = ZoneOffset.UTC;
        if (timezone != null && !timezone.isBlank()) {
            try {
                zone = ZoneId.of(timezone.strip());
            } catch (DateTimeException e) {
                throw new BadRequestException("Invalid timezone: " + timezone);
            }
        }
        try {
            return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // naive: interpreted in the given zone
        }
        try {
            return LocalDateTime.parse(value).atZone(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("scheduled_at must be an ISO-8601 date-time, got " + value);
        }
    }
}
