package dev.poco.server.envvars;

import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Env vars' encryption for other features' secrets (chat app credentials): the same {@link SecretCipher}
 * (AES-256-GCM under {@code POCO_SECRET_KEY}, a fresh nonce per value), with {@code owner} and {@code name} as the
 * associated data, so a value copied into another row does not decrypt. Values are never logged.
 */
@Component
public class SecretBox {

    private final SecretCipher cipher;

    SecretBox(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /**
     * The box a command-line tool uses without the server's context ({@code ./poco import-poco}): keyed as the server
     * keys it, by {@code secretKey} ({@code POCO_SECRET_KEY}) or else {@code secretsDir}'s key file (created when
     * missing, as on the server's first start). {@link #open} also reads poco's Fernet tokens, with
     * {@code legacySecretKey} (poco's {@code SECRET_KEY}).
     */
    public static SecretBox standalone(@Nullable String secretKey, Path secretsDir, String legacySecretKey) {
        return new SecretBox(new SecretCipher(SecretKeyFile.resolve(secretKey, secretsDir), legacySecretKey));
    }

    /** {@code plaintext} sealed for the row ({@code owner}, {@code name}). */
    public String seal(String owner, String name, String plaintext) {
        return cipher.encrypt(owner, name, plaintext);
    }

    /** The plaintext of a sealed value; empty when it was sealed for another row or under another key. */
    public Optional<String> open(String owner, String name, String sealed) {
        return cipher.decrypt(owner, name, sealed);
    }
}
