package dev.poco.server.envvars;

import com.fasterxml.jackson.annotation.JsonValue;

/** {@code user_env_vars.scope}: {@code system} vars belong to {@value #SYSTEM_OWNER}, {@code user} vars to a user. */
public enum EnvVarScope {
    SYSTEM("system"),
    USER("user");

    /** poco's reserved owner of system vars; user endpoints refuse it as a caller. */
    public static final String SYSTEM_OWNER = "__system__";

    private final String wire;

    EnvVarScope(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    static EnvVarScope of(String wire) {
        return "system".equals(wire) ? SYSTEM : USER;
    }
}
