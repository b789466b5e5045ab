package dev.poco.server.accounts;

import dev.poco.server.common.PocoException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code ./poco admin create --username U}: creates the first admin from the command line, with the password from
 * {@code POCO_ADMIN_PASSWORD} or, when unset, the first line of standard input. Runs when
 * {@code poco.admin.create-username} is set (the launcher's admin mode), then the process exits.
 */
@Component
@ConditionalOnProperty("poco.admin.create-username")
class AdminCommand implements ApplicationRunner {

    static final String PASSWORD_ENV = "POCO_ADMIN_PASSWORD";

    private final AccountService accounts;
    private final String username;

    AdminCommand(AccountService accounts,
            @org.springframework.beans.factory.annotation.Value("${poco.admin.create-username}") String username) {
        this.accounts = accounts;
        this.username = username;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        String password = System.getenv(PASSWORD_ENV);
        if (password == null || password.isEmpty()) {
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        try {
            accounts.createFirstAdmin(username, password, null);
        } catch (PocoException e) {
            throw new IllegalStateException("Could not create the admin: " + e.getMessage(), e);
        }
        System.out.println("poco: admin \"" + username.strip() + "\" created; user default's data now belongs to it."
                + " Start Poco with POCO_AUTH_MODE=password and sign in.");
    }
}
