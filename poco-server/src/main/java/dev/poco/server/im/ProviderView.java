package dev.poco.server.im;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * A chat provider on the settings page ({@code GET /im/providers}). {@code status}: {@code not_configured} (no
 * credentials), {@code idle} (configured, nothing sent or received yet), {@code connected} (the last call went
 * through), {@code error} (the last call failed, see {@code last_error}).
 */
public record ProviderView(
        String provider,
        boolean configured,
        String mode,
        @Nullable String account,
        String status,
        @Nullable OffsetDateTime lastEventAt,
        @Nullable String lastError,
        @Nullable OffsetDateTime lastErrorAt,
        @Nullable OffsetDateTime lastOkAt) {

    static ProviderView of(ImChannel channel, ProviderStatusRepository.@Nullable Status s) {
        String status;
        if (!channel.enabled()) {
            status = "not_configured";
        } else if (s == null || (s.lastOkAt() == null && s.lastErrorAt() == null)) {
            status = "idle";
        } else if (s.lastErrorAt() != null && (s.lastOkAt() == null || s.lastErrorAt().isAfter(s.lastOkAt()))) {
            status = "error";
        } else {
            status = "connected";
        }
        return new ProviderView(channel.provider(), channel.enabled(), channel.enabled() ? channel.mode() : "off",
                channel.account(), status, s == null ? null : s.lastEventAt(), s == null ? null : s.lastError(),
                s == null ? null : s.lastErrorAt(), s == null ? null : s.lastOkAt());
    }
}
