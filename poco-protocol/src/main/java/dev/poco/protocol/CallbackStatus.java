package dev.poco.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** The {@code status} of a progress callback (poco's executor vocabulary). */
public enum CallbackStatus {
    ACCEPTED, RUNNING, COMPLETED, FAILED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CallbackStatus fromWire(String value) {
        return Arrays.stream(values())
                .filter(s -> s.wire().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "status must be one of accepted, running, completed, failed"));
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }
}
