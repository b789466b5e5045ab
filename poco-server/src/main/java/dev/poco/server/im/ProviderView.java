package dev.poco.server.im;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A chat provider on the settings page ({@code GET /im/providers}). {@code status}: {@code off} (switched off on the
 * settings page), {@code not_configured} (no credentials), {@code idle} (configured, nothing sent or received yet),
 * {@code connected} (the last call went through), {@code error} (the last call failed, see {@code last_error}).
 * Credentials are write-only: {@code credential_fields} names what the provider reads, {@code configured_fields}
 * which of them have a value (from the settings page or the environment), {@code stored_fields} which were set on the
 * settings page; values are never shown. {@code can_manage}: the caller may change credentials and the switch.
 */
public record ProviderView(
        String provider,
        boolean configured,
        boolean enabled,
        String mode,
        @Nullable String account,
        String status,
        @Nullable OffsetDateTime lastEventAt,
        @Nullable String lastError,
        @Nullable OffsetDateTime lastErrorAt,
        @Nullable OffsetDateTime lastOkAt,
        List<String> credentialFields,
        Set<String> configuredFields,
        Set<String> storedFields,
        boolean canManage) {

    static ProviderView of(ImChannel channel, ProviderStatusRepository.@Nullable Status s, boolean switchedOn,
            Set<String> configuredFields, Set<String> storedFields, boolean canManage) {
        String status;
        if (!switchedOn) {
            status = "off";
        } else if (!channel.enabled()) {
            status = "not_configured";
        } else if (s == null || (s.lastOkAt() == null && s.lastErrorAt() == null)) {
            status = "idle";
        } else if (s.lastErrorAt() != null && (s.lastOkAt() == null || s.lastErrorAt().isAfter(s.lastOkAt()))) {
            status = "error";
        } else {
            status = "connected";
        }
        return new ProviderView(channel.provider(), channel.enabled(), switchedOn,
                channel.enabled() ? channel.mode() : "off", channel.account(), status,
                s == null ? null : s.lastEventAt(), s == null ? null : s.lastError(),
                s == null ? null : s.lastErrorAt(), s == null ? null : s.lastOkAt(), channel.credentialFields(),
                configuredFields, storedFields, canManage);
    }
}
