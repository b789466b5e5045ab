package dev.poco.server.accounts;

import dev.poco.server.common.BadRequestException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * bcrypt (Spring Security's encoder, cost 12) and the password rules: at least 10 characters, at most 72 bytes
 * (bcrypt ignores anything after that, so a longer one is refused rather than silently cut).
 */
@Component
class Passwords {

    static final int MIN_LENGTH = 10;
    static final int MAX_BYTES = 72;

    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(12);
    /** Checked against when the user name is unknown, so that the answer takes as long as for a known one. */
    private final String decoy = hash("poco-decoy-password");

    String hash(String password) {
        return java.util.Objects.requireNonNull(encoder.encode(password));
    }

    boolean matches(String password, @Nullable String hash) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return false;
        }
        return encoder.matches(password, hash == null ? decoy : hash);
    }

    /** Refuses a password that breaks the rules, with a message that says which. */
    static String requireAcceptable(@Nullable String password, String field) {
        if (password == null || password.isEmpty()) {
            throw new BadRequestException(field + " is required");
        }
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new BadRequestException(field + " is too short: use at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new BadRequestException(field + " is too long: use at most " + MAX_BYTES
                    + " bytes (72 ASCII characters)");
        }
        return password;
    }
}
