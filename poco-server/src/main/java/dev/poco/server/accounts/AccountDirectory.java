package dev.poco.server.accounts;

import dev.poco.server.auth.UserDirectory;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The {@code users} table as a {@link UserDirectory}: names only, for sharing and the admin's usage page. */
@Component
class AccountDirectory implements UserDirectory {

    private final AccountRepository accounts;

    AccountDirectory(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<DirectoryUser> find(String idOrUsername) {
        String key = idOrUsername.strip();
        if (key.isEmpty() || key.length() > 255) {
            return Optional.empty();
        }
        return accounts.findUser(key).or(() -> accounts.findByUsername(key)).map(AccountDirectory::entry);
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, DirectoryUser> byIds(Collection<String> userIds) {
        Map<String, DirectoryUser> found = new LinkedHashMap<>();
        if (!userIds.isEmpty()) {
            accounts.findUsers(userIds).forEach(u -> found.put(u.id(), entry(u)));
        }
        return found;
    }

    @Override
    @Transactional(readOnly = true)
    public List<DirectoryUser> all() {
        return accounts.listUsers().stream().map(AccountDirectory::entry).toList();
    }

    private static DirectoryUser entry(User u) {
        return new DirectoryUser(u.id(), u.username(), u.displayName());
    }
}
