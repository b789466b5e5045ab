package dev.poco.server.envvars;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** {@code POST /env-vars}. {@link #toString()} hides the value (Spring logs request bodies at DEBUG). */
record CreateEnvVarRequest(
        @NotNull @Size(max = EnvVarService.MAX_KEY) @Nullable String key,
        @NotNull @Size(max = EnvVarService.MAX_VALUE) @Nullable String value,
        @Size(max = EnvVarService.MAX_DESCRIPTION) @Nullable String description) {

    @Override
    public String toString() {
        return "CreateEnvVarRequest[key=" + key + ", value=***]";
    }
}
