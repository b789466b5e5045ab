package dev.poco.server.accounts;

import org.jspecify.annotations.Nullable;

/** The bodies of the sign-in endpoints (snake_case on the wire). Checked by the service, with clear messages. */
final class AuthRequests {

    private AuthRequests() {}

    record Setup(@Nullable String username, @Nullable String password, @Nullable String displayName) {}

    record Login(@Nullable String username, @Nullable String password) {}

    record PasswordChange(@Nullable String currentPassword, @Nullable String newPassword) {}

    record Profile(@Nullable String displayName) {}

    record Invite(@Nullable String role) {}

    record AcceptInvite(@Nullable String username, @Nullable String password, @Nullable String displayName) {}

    record ResetPassword(@Nullable String newPassword) {}
}
