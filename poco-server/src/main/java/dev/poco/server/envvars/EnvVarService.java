package dev.poco.server.envvars;

import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Env var use cases (reference/poco-backend-api.md {@code env_vars.py}, {@code internal_env_vars.py}).
 * System vars belong to {@value EnvVarScope#SYSTEM_OWNER} and are managed with the runner token;
 * users see them (never their values) and shadow them with a var of the same key. Users manage only
 * their own vars: another user's var, or a system var, is ENV_VAR_NOT_FOUND to them.
 */
@Service
public class EnvVarService {

    static final int MAX_KEY = 255;
    static final int MAX_VALUE = 65_536;
    static final int MAX_DESCRIPTION = 4_000;
    /**
     * A name a process environment and a {@code ${VAR}} placeholder can carry. Stricter than poco,
     * which took any non-blank key; a key outside this could never be substituted into a run.
     */
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Logger log = LoggerFactory.getLogger(EnvVarService.class);

    private final EnvVarRepository vars;
    private final SecretCipher cipher;

    EnvVarService(EnvVarRepository vars, SecretCipher cipher) {
        this.vars = vars;
        this.cipher = cipher;
    }

    /**
     * Seals {@code from}'s values again for {@code to} (the AES-GCM associated data names the owner, so a value moved
     * to another owner without this could not be read). For the accounts' handover of user {@code default} to the
     * first admin: call it in that transaction, before the rows change owner. Returns the number of values resealed;
     * one that cannot be decrypted is left as it is (it was unreadable before too).
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public int resealForOwner(String from, String to) {
        int resealed = 0;
        for (EnvVar v : vars.list(from, EnvVarScope.USER)) {
            Optional<String> value = plaintext(v);
            if (value.isPresent()) {
                vars.update(v.id(), cipher.encrypt(to, v.key(), value.get()), v.description());
                resealed++;
            }
        }
        return resealed;
    }

    /**
     * The plaintext values a run of {@code userId} may use: non-blank system values overlaid by
     * non-blank user values (the user's wins). Values that cannot be decrypted are left out with a
     * warning naming the key, never the value.
     */
    @Transactional(readOnly = true)
    public EnvVarMap map(String userId) {
        Map<String, String> values = new LinkedHashMap<>();
        for (EnvVarScope scope : List.of(EnvVarScope.SYSTEM, EnvVarScope.USER)) {
            String owner = scope == EnvVarScope.SYSTEM ? EnvVarScope.SYSTEM_OWNER : userId;
            for (EnvVar v : vars.list(owner, scope)) {
                plaintext(v).filter(s -> !s.isBlank()).ifPresent(s -> values.put(v.key(), s));
            }
        }
        return new EnvVarMap(values);
    }

    @Transactional(readOnly = true)
    List<EnvVarView> list(Caller caller) {
        String user = userOf(caller);
        List<EnvVarView> out = new ArrayList<>();
        for (EnvVar v : vars.list(EnvVarScope.SYSTEM_OWNER, EnvVarScope.SYSTEM)) {
            out.add(EnvVarView.of(v, plaintext(v).filter(s -> !s.isBlank()).isPresent()));
        }
        for (EnvVar v : vars.list(user, EnvVarScope.USER)) {
            // poco says true for every user var; false here only when the value cannot be decrypted
            out.add(EnvVarView.of(v, plaintext(v).filter(s -> !s.isBlank()).isPresent()));
        }
        return out;
    }

    @Transactional
    EnvVarView create(Caller caller, CreateEnvVarRequest request) {
        String user = userOf(caller);
        String key = key(request.key());
        String value = nonBlankValue(request.value());
        EnvVar created = insert(user, key, value, request.description(), EnvVarScope.USER);
        return EnvVarView.of(created, true);
    }

    @Transactional
    EnvVarView update(Caller caller, int id, UpdateEnvVarRequest request) {
        EnvVar current = requireOwn(caller, id);
        String ciphertext = request.value() == null ? null
                : cipher.encrypt(current.userId(), current.key(), nonBlankValue(request.value()));
        EnvVar updated = vars.update(id, ciphertext, request.description());
        return EnvVarView.of(updated, plaintext(updated).filter(s -> !s.isBlank()).isPresent());
    }

    @Transactional
    void delete(Caller caller, int id) {
        requireOwn(caller, id);
        vars.delete(id);
    }

    @Transactional(readOnly = true)
    List<SystemEnvVarView> listSystem() {
        return vars.list(EnvVarScope.SYSTEM_OWNER, EnvVarScope.SYSTEM).stream()
                .map(v -> SystemEnvVarView.of(v, plaintext(v).orElse("")))
                .toList();
    }

    @Transactional
    SystemEnvVarView createSystem(CreateSystemEnvVarRequest request) {
        String key = key(request.key());
        String value = request.value() == null ? "" : request.value().strip();
        EnvVar created = insert(EnvVarScope.SYSTEM_OWNER, key, value, request.description(), EnvVarScope.SYSTEM);
        return SystemEnvVarView.of(created, value);
    }

    @Transactional
    SystemEnvVarView updateSystem(int id, UpdateEnvVarRequest request) {
        EnvVar current = requireSystem(id);
        String ciphertext = request.value() == null ? null
                : cipher.encrypt(current.userId(), current.key(), request.value().strip());
        EnvVar updated = vars.update(id, ciphertext, request.description());
        return SystemEnvVarView.of(updated, plaintext(updated).orElse(""));
    }

    @Transactional
    void deleteSystem(int id) {
        requireSystem(id);
        vars.delete(id);
    }

    private EnvVar insert(String owner, String key, String value, @Nullable String description, EnvVarScope scope) {
        return vars.insert(owner, key, cipher.encrypt(owner, key, value), description, scope)
                .orElseThrow(() -> new ConflictException(ErrorCode.ENV_VAR_ALREADY_EXISTS,
                        "Environment variable already exists: " + key));
    }

    private EnvVar requireOwn(Caller caller, int id) {
        return vars.find(id, userOf(caller), EnvVarScope.USER).orElseThrow(() -> notFound(id));
    }

    private EnvVar requireSystem(int id) {
        return vars.find(id, EnvVarScope.SYSTEM_OWNER, EnvVarScope.SYSTEM).orElseThrow(() -> notFound(id));
    }

    private static NotFoundException notFound(int id) {
        return new NotFoundException(ErrorCode.ENV_VAR_NOT_FOUND, "Environment variable not found: " + id);
    }

    private Optional<String> plaintext(EnvVar v) {
        Optional<String> value = cipher.decrypt(v.userId(), v.key(), v.valueCiphertext());
        if (value.isEmpty()) {
            log.warn("Env var {} (id {}, owner {}) cannot be decrypted: it was stored under another POCO_SECRET_KEY"
                    + " (or, written by poco, another SECRET_KEY / POCO_LEGACY_SECRET_KEY); it counts as unset",
                    v.key(), v.id(), v.userId());
        }
        return value;
    }

    /** poco: the reserved owner of system vars may not act as a user. */
    private static String userOf(Caller caller) {
        if (EnvVarScope.SYSTEM_OWNER.equals(caller.userId())) {
            throw new ForbiddenException("Reserved user id");
        }
        return caller.userId();
    }

    private static String key(@Nullable String raw) {
        String key = raw == null ? "" : raw.strip();
        if (key.isEmpty()) {
            throw new BadRequestException("Environment variable key cannot be empty");
        }
        if (!KEY.matcher(key).matches()) {
            throw new BadRequestException("Invalid environment variable key '" + key + "': use letters, digits and"
                    + " underscores, not starting with a digit (e.g. GITHUB_TOKEN)");
        }
        return key;
    }

    private static String nonBlankValue(@Nullable String raw) {
        String value = raw == null ? "" : raw.strip();
        if (value.isEmpty()) {
            throw new BadRequestException("Environment variable value cannot be empty");
        }
        return value;
    }
}
