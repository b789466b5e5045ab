package dev.poco.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared secret runners present ({@code X-Internal-Token}, or {@code Authorization: Bearer}).
 * Taken from {@code INTERNAL_API_TOKEN}; otherwise read from, or generated once into,
 * {@code $POCO_HOME/secrets/internal-api-token} (mode 0600), so it survives restarts and a runner
 * on another host can be given it. Comparison is constant-time.
 */
public final class RunnerToken {

    private static final Logger log = LoggerFactory.getLogger(RunnerToken.class);

    private final String value;
    private final String source;

    private RunnerToken(String value, String source) {
        this.value = value;
        this.source = source;
    }

    public static RunnerToken resolve(@Nullable String configured, Path secretsDir) {
        if (configured != null && !configured.isBlank()) {
            return new RunnerToken(configured.strip(), "INTERNAL_API_TOKEN");
        }
        Path file = secretsDir.resolve("internal-api-token");
        try {
            if (Files.isRegularFile(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!stored.isEmpty()) {
                    return new RunnerToken(stored, file.toString());
                }
            }
            Files.createDirectories(secretsDir);
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String generated = HexFormat.of().formatHex(bytes);
            Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the directory's permissions have to do
            }
            log.info("Generated a runner token in {} (set INTERNAL_API_TOKEN to choose your own)", file);
            return new RunnerToken(generated, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the runner token in " + file
                    + "; set INTERNAL_API_TOKEN or make POCO_HOME writable", e);
        }
    }

    public String value() {
        return value;
    }

    /** Where the token came from, for start-up messages; never the token itself. */
    public String source() {
        return source;
    }

    public boolean matches(@Nullable String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                presented.strip().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RunnerToken[from " + source + "]";
    }
}
