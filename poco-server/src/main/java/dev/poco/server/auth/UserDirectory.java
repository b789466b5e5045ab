package dev.poco.server.auth;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The accounts a user can name when sharing a project, and the names to show for user ids. Implemented by the
 * accounts module (the {@code users} table), so that the features needing names do not depend on it. In modes
 * without accounts ({@code single_user}, {@code trusted_header}) the table is empty and every lookup finds nothing.
 */
public interface UserDirectory {

    /** A user as others see them: never the password hash, the role or the disabled flag. */
    record DirectoryUser(String userId, @Nullable String username, String displayName) {}

    /** The account with this id, or else with this user name (case-insensitive); disabled accounts included. */
    Optional<DirectoryUser> find(String idOrUsername);

    /** The accounts among {@code userIds}, by id; ids without an account are absent. */
    Map<String, DirectoryUser> byIds(Collection<String> userIds);

    /** Every account, in creation order. */
    List<DirectoryUser> all();
}
