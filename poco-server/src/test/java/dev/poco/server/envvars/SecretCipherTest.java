package dev.poco.server.envvars;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String KEY = "a-test-secret-key-of-some-length";
    private final PocoFernetFixture fixture = PocoFernetFixture.load();
    private final SecretCipher cipher = new SecretCipher(KEY, fixture.secretKey());

    @Test
    void aValueRoundTripsThroughAesGcmWithAFreshNoncePerValue() {
        String first = cipher.encrypt("alice", "GITHUB_TOKEN", "ghp_secret ✓");
        String second = cipher.encrypt("alice", "GITHUB_TOKEN", "ghp_secret ✓");

        assertThat(first).startsWith(SecretCipher.PREFIX).doesNotContain("ghp_secret").isNotEqualTo(second);
        assertThat(cipher.decrypt("alice", "GITHUB_TOKEN", first)).contains("ghp_secret ✓");
        assertThat(cipher.decrypt("alice", "GITHUB_TOKEN", second)).contains("ghp_secret ✓");
        assertThat(cipher.decrypt("alice", "EMPTY", cipher.encrypt("alice", "EMPTY", ""))).contains("");
    }

    @Test
    void aTamperedCiphertextIsRefused() {
        String stored = cipher.encrypt("alice", "K", "value");
        byte[] raw = Base64.getUrlDecoder().decode(stored.substring(SecretCipher.PREFIX.length()));
        for (int i : new int[] {0, 12, raw.length - 1}) { // nonce, ciphertext, tag
            byte[] copy = raw.clone();
            copy[i] ^= 1;
            String tampered = SecretCipher.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(copy);
            assertThat(cipher.decrypt("alice", "K", tampered)).as("byte %d flipped", i).isEmpty();
        }
        assertThat(cipher.decrypt("alice", "K", stored.substring(0, stored.length() - 4))).isEmpty();
        assertThat(cipher.decrypt("alice", "K", SecretCipher.PREFIX + "!!not base64")).isEmpty();
        assertThat(cipher.decrypt("alice", "K", SecretCipher.PREFIX)).isEmpty();
    }

    @Test
    void aCiphertextIsBoundToItsOwnerAndKeyName() {
        String stored = cipher.encrypt("alice", "K", "value");
        assertThat(cipher.decrypt("bob", "K", stored)).isEmpty();
        assertThat(cipher.decrypt("alice", "OTHER", stored)).isEmpty();
    }

    @Test
    void anotherSecretKeyCannotDecrypt() {
        String stored = cipher.encrypt("alice", "K", "value");
        assertThat(new SecretCipher("another-secret-key-0123456789", fixture.secretKey()).decrypt("alice", "K", stored))
                .isEmpty();
    }

    @Test
    void aFernetValueWrittenByPythonsCryptographyDecrypts() throws Exception {
        // the fixture's key is what poco derives from its SECRET_KEY
        byte[] derived = MessageDigest.getInstance("SHA-256").digest(fixture.secretKey().getBytes(StandardCharsets.UTF_8));
        assertThat(Base64.getUrlEncoder().encodeToString(derived)).isEqualTo(fixture.fernetKey());

        assertThat(cipher.decrypt("anyone", "ANY_KEY", fixture.token())).contains(fixture.plaintext());
        assertThat(FernetToken.looksLikeToken(fixture.token())).isTrue();
    }

    @Test
    void aFernetValueUnderAnotherSecretKeyOrTamperedIsRefused() {
        assertThat(new SecretCipher(KEY, "not-the-poco-secret-key").decrypt("a", "K", fixture.token())).isEmpty();

        byte[] raw = Base64.getUrlDecoder().decode(fixture.token());
        for (int i : new int[] {5, 20, 40, raw.length - 1}) { // timestamp, iv, ciphertext, hmac
            byte[] copy = raw.clone();
            copy[i] ^= 1;
            assertThat(cipher.decrypt("a", "K", Base64.getUrlEncoder().encodeToString(copy))).as("byte %d", i).isEmpty();
        }
        assertThat(cipher.decrypt("a", "K", "gAAAA")).isEmpty();
        assertThat(cipher.decrypt("a", "K", "plain text that never was encrypted")).isEmpty();
    }

    @Test
    void theKeyDerivationIsRfc5869HkdfSha256() {
        // RFC 5869 test case 3 (no salt, no info): the first 32 bytes of its OKM
        byte[] ikm = new byte[22];
        java.util.Arrays.fill(ikm, (byte) 0x0b);
        assertThat(HexFormat.of().formatHex(SecretCipher.hkdfSha256(ikm, new byte[0])))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
    }
}
