package dev.poco.server.envvars;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;

/** The Fernet value made by Python's {@code cryptography} (see {@code envvars/poco-fernet-fixture.properties}). */
public record PocoFernetFixture(String secretKey, String fernetKey, String token, String plaintext) {

    public static PocoFernetFixture load() {
        Properties p = new Properties();
        try (InputStream in = Objects.requireNonNull(PocoFernetFixture.class.getResourceAsStream(
                "/envvars/poco-fernet-fixture.properties"), "fixture missing")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PocoFernetFixture(p.getProperty("secret_key"), p.getProperty("fernet_key"), p.getProperty("token"),
                p.getProperty("plaintext"));
    }
}
