package dev.poco.server.envvars;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts env var values at rest and reads them back.
 * <p>
 * Written values: {@code poco1:} + base64url (no padding) of {@code nonce(12) | AES-256-GCM
 * ciphertext | tag(16)}, a fresh random 96-bit nonce per value. The AES key is HKDF-SHA256 (RFC
 * 5869, no salt, info {@value #HKDF_INFO}) of the UTF-8 bytes of {@code POCO_SECRET_KEY}. The
 * owner and the key name are the additional authenticated data, so a ciphertext copied into
 * another row (another user, another name) does not decrypt. The {@code poco1:} prefix cannot
 * start a Fernet token (base64url has no {@code :}), so both formats live in one column.
 * <p>
 * Read values: {@code poco1:} values as above; anything else is taken for a Fernet token written
 * by poco and read with {@link FernetToken} under the legacy secret key. Values are never logged
 * and never part of an exception message.
 */
final class SecretCipher {

    static final String PREFIX = "poco1:";
    static final String HKDF_INFO = "poco env-var encryption v1 (AES-256-GCM)";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final FernetToken legacy;
    private final SecureRandom random = new SecureRandom();

    SecretCipher(String secretKey, String legacySecretKey) {
        this.key = new SecretKeySpec(hkdfSha256(secretKey.getBytes(StandardCharsets.UTF_8),
                HKDF_INFO.getBytes(StandardCharsets.UTF_8)), "AES");
        this.legacy = FernetToken.forPocoSecretKey(legacySecretKey);
    }

    String encrypt(String owner, String name, String plaintext) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(aad(owner, name));
            byte[] sealed = gcm.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * The plaintext of a stored value, or empty when it cannot be read: written under another
     * {@code POCO_SECRET_KEY} (or poco's under another {@code SECRET_KEY}), bound to another row,
     * or tampered with.
     */
    Optional<String> decrypt(String owner, String name, String stored) {
        if (!stored.startsWith(PREFIX)) {
            return legacy.decrypt(stored);
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length < NONCE + TAG_BITS / 8) {
            return Optional.empty();
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE));
            gcm.updateAAD(aad(owner, name));
            byte[] plain = gcm.doFinal(raw, NONCE, raw.length - NONCE);
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(plain)).toString());
        } catch (GeneralSecurityException | CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static byte[] aad(String owner, String name) {
        return ("poco-env-var\0" + owner + "\0" + name).getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 5869 with SHA-256 and an all-zero salt, one output block (32 bytes). */
    static byte[] hkdfSha256(byte[] ikm, byte[] info) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(info);
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
