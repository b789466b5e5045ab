package dev.poco.runner.gateway;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The real credential the gateway adds to every forwarded request. Its {@code toString} never shows the secret, so
 * configuration objects holding it can be logged.
 */
public sealed interface UpstreamCredential {

    /** Header that carries the credential. */
    String headerName();

    /** Header value, secret included. Never log it. */
    String headerValue();

    /** {@code ANTHROPIC_API_KEY} if set, else {@code ANTHROPIC_AUTH_TOKEN}, from the runner's environment. */
    static Optional<UpstreamCredential> fromEnvironment(Map<String, String> environment) {
        String key = environment.get("ANTHROPIC_API_KEY");
        if (key != null && !key.isBlank()) {
            return Optional.of(new ApiKey(key));
        }
        String token = environment.get("ANTHROPIC_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            return Optional.of(new AuthToken(token));
        }
        return Optional.empty();
    }

    /** Sent as {@code x-api-key}. */
    record ApiKey(String key) implements UpstreamCredential {
        public ApiKey {
            requireToken(key);
        }

        @Override
        public String headerName() {
            return "x-api-key";
        }

        @Override
        public String headerValue() {
            return key;
        }

        @Override
        public String toString() {
            return "ApiKey[" + redact(key) + "]";
        }
    }

    /** Sent as {@code Authorization: Bearer}. */
    record AuthToken(String token) implements UpstreamCredential {
        public AuthToken {
            requireToken(token);
        }

        @Override
        public String headerName() {
            return "authorization";
        }

        @Override
        public String headerValue() {
            return "Bearer " + token;
        }

        @Override
        public String toString() {
            return "AuthToken[" + redact(token) + "]";
        }
    }

    /** Shows at most the first four characters, as Anthropic's console does. */
    static String redact(String secret) {
        return secret.length() <= 8 ? "****" : secret.substring(0, 4) + "****";
    }

    private static void requireToken(String value) {
        Objects.requireNonNull(value, "credential");
        if (value.isBlank() || value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("credential must be non-blank printable ASCII without spaces");
        }
    }
}
