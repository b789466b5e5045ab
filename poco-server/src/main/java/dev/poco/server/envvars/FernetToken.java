package dev.poco.server.envvars;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads (never writes) Fernet tokens, the format poco stored env var values in
 * (reference/poco-backend-api.md §3.12): base64url of {@code 0x80 | timestamp(8) | iv(16) |
 * AES-128-CBC ciphertext | HMAC-SHA256(32)} over everything before the HMAC. poco's Fernet key is
 * SHA-256 of its {@code SECRET_KEY}: the first 16 bytes sign, the last 16 encrypt. Tokens never
 * expire here (poco decrypted without a TTL). Written with javax.crypto because the format is
 * small and fixed, and no JVM Fernet library is maintained.
 */
final class FernetToken {

    private static final byte VERSION = (byte) 0x80;
    private static final int HEADER = 1 + 8 + 16;
    private static final int HMAC = 32;
    private static final int BLOCK = 16;

    private final byte[] signingKey;
    private final byte[] encryptionKey;

    private FernetToken(byte[] key) {
        this.signingKey = Arrays.copyOfRange(key, 0, 16);
        this.encryptionKey = Arrays.copyOfRange(key, 16, 32);
    }

    /** The reader for poco's {@code SECRET_KEY}: Fernet key = SHA-256 of its UTF-8 bytes. */
    static FernetToken forPocoSecretKey(String secretKey) {
        try {
            return new FernetToken(MessageDigest.getInstance("SHA-256").digest(secretKey.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Whether {@code stored} has the shape of a Fernet token (its version byte encodes as {@code gA}). */
    static boolean looksLikeToken(String stored) {
        return stored.startsWith("gA");
    }

    /** The plaintext, or empty when the token is malformed, was signed with another key or was tampered with. */
    Optional<String> decrypt(String token) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token.strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int cipherLength = raw.length - HEADER - HMAC;
        if (raw.length == 0 || raw[0] != VERSION || cipherLength < BLOCK || cipherLength % BLOCK != 0) {
            return Optional.empty();
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            mac.update(raw, 0, raw.length - HMAC);
            byte[] expected = mac.doFinal();
            byte[] presented = Arrays.copyOfRange(raw, raw.length - HMAC, raw.length);
            if (!MessageDigest.isEqual(expected, presented)) { // constant time
                return Optional.empty();
            }
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"),
                    new IvParameterSpec(raw, 1 + 8, 16));
            byte[] plain = aes.doFinal(raw, HEADER, cipherLength);
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(plain)).toString());
        } catch (GeneralSecurityException | java.nio.charset.CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
