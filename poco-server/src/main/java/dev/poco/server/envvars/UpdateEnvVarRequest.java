package dev.poco.server.envvars;

import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** {@code PATCH /env-vars/{id}} and its system twin: absent or null fields stay as they are. Hides the value. */
record UpdateEnvVarRequest(
        @Size(max = EnvVarService.MAX_VALUE) @Nullable String value,
        @Size(max = EnvVarService.MAX_DESCRIPTION) @Nullable String description) {

    @Override
    public String toString() {
        return "UpdateEnvVarRequest[value=" + (value == null ? "unchanged" : "***") + "]";
    }
}
