package dev.poco.server.auth;

import java.util.Set;
import java.util.stream.Collectors;

/** Who has admin rights: the one user in {@code single_user} mode, else the ids in {@code POCO_ADMIN_USERS}. */
final class AdminUsers {

    private final AuthMode mode;
    private final Set<String> admins;

    AdminUsers(AuthMode mode, AdminProperties properties) {
        this.mode = mode;
        this.admins = properties.users() == null ? Set.of() : properties.users().stream()
                .filter(u -> u != null && !u.isBlank()).map(String::strip).collect(Collectors.toUnmodifiableSet());
    }

    boolean isAdmin(String userId) {
        return mode == AuthMode.SINGLE_USER ? Caller.DEFAULT_USER.equals(userId) : admins.contains(userId);
    }

    Caller caller(String userId) {
        return new Caller(userId, isAdmin(userId));
    }
}
