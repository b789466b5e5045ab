package dev.poco.server.envvars;

import java.util.Optional;
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

    /** {@code plaintext} sealed for the row ({@code owner}, {@code name}). */
    public String seal(String owner, String name, String plaintext) {
        return cipher.encrypt(owner, name, plaintext);
    }

    /** The plaintext of a sealed value; empty when it was sealed for another row or under another key. */
    public Optional<String> open(String owner, String name, String sealed) {
        return cipher.decrypt(owner, name, sealed);
    }
}
