/**
 * Env vars ({@code user_env_vars}): the secrets users keep for their runs (API keys, tokens), and
 * system vars owned by {@code __system__} that every user sees and may shadow by key.
 * <ul>
 * <li>routes: {@code /env-vars} list, create, update, delete ({@code EnvVarController}, users);
 * {@code /internal/env-vars/map} and {@code /internal/system-env-vars} CRUD ({@code InternalEnvVarController},
 * runner token; the map's user is {@code X-User-Id}); service: {@code EnvVarService}; repository:
 * {@code EnvVarRepository};</li>
 * <li>values are encrypted at rest by {@code SecretCipher}: AES-256-GCM, a random 96-bit nonce per value, the key
 * HKDF-SHA256 of {@code POCO_SECRET_KEY} (generated into {@code $POCO_HOME/secrets/secret-key} when unset,
 * see {@code SecretKeyFile}), stored as {@code poco1:<base64url>} with owner and key as associated data;
 * poco's Fernet values are read with the key from {@code POCO_LEGACY_SECRET_KEY} / {@code SECRET_KEY}
 * ({@code FernetToken}) and rewritten as AES-GCM when a user updates them;</li>
 * <li>values never leave through user endpoints ({@code EnvVarView} has {@code is_set} only, as poco's
 * EnvVarPublicResponse), and no request, response or row type prints a value in {@code toString()}, so debug
 * logging of bodies cannot leak one. Departures from poco: keys must be {@code [A-Za-z_][A-Za-z0-9_]*} (poco
 * took any non-blank key, which a {@code ${VAR}} placeholder could never name); {@code is_set} is also false
 * for a user var whose value cannot be decrypted; errors use matching HTTP statuses (404, 409) with poco's
 * codes;</li>
 * <li>API: {@code EnvVarService#map} (a user's plaintext map), {@code EnvVarMap}, {@code SecretBox} (the cipher for other features' secrets), {@code EnvVarView},
 * {@code EnvVarScope}, {@code SecretsProperties}.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "system"})
@NullMarked
package dev.poco.server.envvars;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
