package dev.poco.runner.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A runner's own credential (issue 17): traded once for a registration token ({@code POST /api/v1/runners/register}
 * with {@code Authorization: Bearer poco_reg_…}), then kept in {@code $POCO_HOME/secrets/runner-credential} (mode
 * 0600) and used from then on, across restarts. Blocking; every method does at most one HTTP exchange.
 */
public final class RunnerRegistration {

    /** The file under the runner's secrets directory that holds its credential. */
    public static final String CREDENTIAL_FILE = "runner-credential";
    private static final Logger log = LoggerFactory.getLogger(RunnerRegistration.class);

    private final Path secretsDir;
    private final JsonMapper json;

    public RunnerRegistration(Path secretsDir, JsonMapper json) {
        this.secretsDir = secretsDir;
        this.json = json;
    }

    public Path credentialFile() {
        return secretsDir.resolve(CREDENTIAL_FILE);
    }

    /** The credential stored by an earlier registration; empty when there is none. */
    public Optional<String> stored() {
        Path file = credentialFile();
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the runner's credential in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The stored credential, or a new one from registering at {@code server} with {@code registrationToken} (then
     * stored); empty when there is neither.
     */
    public Optional<String> credential(URI server, @Nullable String registrationToken, String name,
            @Nullable String host) {
        Optional<String> stored = stored();
        if (stored.isPresent()) {
            log.info("Using this runner's registered credential from {}", credentialFile());
            return stored;
        }
        if (registrationToken == null || registrationToken.isBlank()) {
            return Optional.empty();
        }
        String credential = register(server, registrationToken.strip(), name, host);
        store(credential);
        log.info("Registered with {} as runner \"{}\"; its credential is kept in {}", server, name, credentialFile());
        return Optional.of(credential);
    }

    /**
     * Registers at {@code server}: the runner's new credential.
     *
     * @throws RegistrationException when the server refuses (an unknown, expired or used-up token) or cannot be reached
     */
    public String register(URI server, String registrationToken, String name, @Nullable String host) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("host", host);
        String base = server.toString().endsWith("/") ? server.toString() : server + "/";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/v1/runners/register"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + registrationToken)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RegistrationException("Cannot reach the Poco server at " + server + " to register: " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistrationException("Interrupted while registering at " + server, 0, e);
        }
        JsonNode envelope;
        try {
            envelope = json.readTree(response.body());
        } catch (JacksonException e) {
            throw new RegistrationException("The server at " + server + " answered the registration with HTTP "
                    + response.statusCode() + " and no JSON", response.statusCode(), e);
        }
        String credential = envelope.path("data").path("credential").asString("");
        if (response.statusCode() != 200 || envelope.path("code").asInt(-1) != 0 || credential.isEmpty()) {
            throw new RegistrationException("The server at " + server + " refused to register this runner: "
                    + envelope.path("message").asString("HTTP " + response.statusCode()), response.statusCode(), null);
        }
        return credential;
    }

    private void store(String credential) {
        Path file = credentialFile();
        try {
            Files.createDirectories(secretsDir);
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the directory's permissions have to do
            }
            Files.writeString(file, credential + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Registered, but cannot keep the credential in " + file
                    + ": make POCO_HOME writable and register again with a new token", e);
        }
    }

    /** The server refused the registration or could not be reached. */
    public static final class RegistrationException extends RuntimeException {

        private final int httpStatus;

        RegistrationException(String message, int httpStatus, @Nullable Throwable cause) {
            super(message, cause);
            this.httpStatus = httpStatus;
        }

        /** HTTP status of the refusal; 0 when the server was not reached. */
        public int httpStatus() {
            return httpStatus;
        }
    }
}
