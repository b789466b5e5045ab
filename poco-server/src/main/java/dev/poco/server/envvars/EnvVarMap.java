package dev.poco.server.envvars;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;

/**
 * The plaintext {@code {KEY: value}} map a runner resolves a run's placeholders from. Serialised as
 * the bare map; {@link #toString()} names only the keys, so debug logging cannot print a value.
 */
public record EnvVarMap(@JsonValue Map<String, String> values) {

    public EnvVarMap {
        values = Map.copyOf(values);
    }

    @Override
    public String toString() {
        return "EnvVarMap" + new java.util.TreeSet<>(values.keySet()) + " (values hidden)";
    }
}
