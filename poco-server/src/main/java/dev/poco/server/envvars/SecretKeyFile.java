package dev.poco.server.envvars;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@code POCO_SECRET_KEY} comes from: the setting, else {@code $POCO_HOME/secrets/secret-key},
 * which is generated on the first start (32 random bytes, base64url, created with mode 0600) with
 * one WARN telling the operator to back it up. A key file that exists but is empty is refused
 * instead of silently replaced, since a new key would make every stored value unreadable.
 */
final class SecretKeyFile {

    static final String FILE_NAME = "secret-key";
    static final int MIN_LENGTH = 16;
    private static final Logger log = LoggerFactory.getLogger(SecretKeyFile.class);

    private SecretKeyFile() {}

    static String resolve(@Nullable String configured, Path secretsDir) {
        if (configured != null && !configured.isBlank()) {
            String key = configured.strip();
            if (key.length() < MIN_LENGTH) {
                throw new IllegalStateException("POCO_SECRET_KEY is shorter than " + MIN_LENGTH
                        + " characters; use a long random value, e.g. the output of `openssl rand -base64 32`");
            }
            return key;
        }
        Path file = secretsDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            createPrivateDirectory(secretsDir);
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file); // not a POSIX file system; the directory's permissions have to do
            } catch (FileAlreadyExistsException e) {
                return read(file); // created between our check and now
            }
            Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
            log.warn("Generated POCO_SECRET_KEY into {}: it encrypts the env vars (secrets) users store. Back this"
                    + " file up together with the database; if it is lost or changed, stored secrets cannot be"
                    + " decrypted and have to be entered again. Set POCO_SECRET_KEY to manage the key yourself.", file);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the secret key in " + file
                    + "; set POCO_SECRET_KEY or make POCO_HOME writable", e);
        }
    }

    /** {@code secrets/} readable by Poco's user only, when this is the first thing to create it. */
    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir.toAbsolutePath().getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // created meanwhile (the runner token lives there too)
        }
    }

    private static String read(Path file) throws IOException {
        String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (stored.length() < MIN_LENGTH) {
            throw new IllegalStateException("The secret key file " + file + " is empty or too short. Restore it from"
                    + " your backup, or delete it to generate a new key (env vars stored under the old key then"
                    + " become unreadable and have to be entered again)");
        }
        log.debug("POCO_SECRET_KEY read from {}", file);
        return stored;
    }
}
