package dev.poco.server.envvars;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /internal/system-env-vars}: the value may be empty or absent ("declared but unset").
 * {@link #toString()} hides the value.
 */
record CreateSystemEnvVarRequest(
        @NotNull @Size(max = EnvVarService.MAX_KEY) @Nullable String key,
        @Size(max = EnvVarService.MAX_VALUE) @Nullable String value,
        @Size(max = EnvVarService.MAX_DESCRIPTION) @Nullable String description) {

    @Override
    public String toString() {
        return "CreateSystemEnvVarRequest[key=" + key + ", value=***]";
    }
}
