package dev.poco.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * Life of a run: {@code queued → claimed → running → completed | failed}, and {@code canceled}
 * from any unfinished state. An expired claim goes back to {@code queued}. The server's
 * {@code runs.RunLifecycle} owns the transition table; this enum only names the states.
 */
public enum RunStatus {
    QUEUED, CLAIMED, RUNNING, COMPLETED, FAILED, CANCELED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RunStatus fromWire(String value) {
        return Arrays.stream(values())
                .filter(s -> s.wire().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown run status: " + value));
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELED;
    }

    /** Claimed or running: the run holds its session. */
    public boolean isActive() {
        return this == CLAIMED || this == RUNNING;
    }
}
