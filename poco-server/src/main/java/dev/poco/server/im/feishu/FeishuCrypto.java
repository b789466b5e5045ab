package dev.poco.server.im.feishu;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Feishu's callback encryption and signature. With an Encrypt Key set in the app's event subscription, Feishu posts
 * {@code {"encrypt": base64(IV ‖ AES-256-CBC(body))}} with key = SHA-256(Encrypt Key) and PKCS#7 padding, and signs
 * each request: {@code X-Lark-Signature} = hex(SHA-256(X-Lark-Request-Timestamp + X-Lark-Request-Nonce + Encrypt Key
 * + raw body)).
 */
final class FeishuCrypto {

    private FeishuCrypto() {}

    /** The decrypted callback; throws {@link IllegalArgumentException} when it is not Feishu's format under the key. */
    static String decrypt(String encrypted, String encryptKey) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encrypted.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the encrypted callback is not base64");
        }
        if (raw.length < 32 || raw.length % 16 != 0) {
            throw new IllegalArgumentException("the encrypted callback has the wrong length");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sha256(encryptKey), "AES"),
                    new IvParameterSpec(Arrays.copyOfRange(raw, 0, 16)));
            return new String(cipher.doFinal(raw, 16, raw.length - 16), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the callback does not decrypt with POCO_FEISHU_ENCRYPT_KEY");
        }
    }

    /** Whether {@code signature} is Feishu's signature of this request under the key (constant time). */
    static boolean signatureMatches(String timestamp, String nonce, String encryptKey, byte[] body, String signature) {
        byte[] prefix = (timestamp + nonce + encryptKey).getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        String expected = HexFormat.of().formatHex(sha256(all));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signature.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(String value) {
        return sha256(value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
