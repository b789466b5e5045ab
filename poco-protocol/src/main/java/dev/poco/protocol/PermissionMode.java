package dev.poco.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The Claude Code permission modes a run may ask for; wire values are the CLI's own names. */
public enum PermissionMode {
    DEFAULT("default"), ACCEPT_EDITS("acceptEdits"), PLAN("plan"), BYPASS_PERMISSIONS("bypassPermissions");

    private final String wire;

    PermissionMode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<PermissionMode> fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(value)).findFirst();
    }

    /** Reads a wire value leniently, as poco's executor does: anything unknown is {@link #DEFAULT}. */
    @JsonCreator
    public static PermissionMode orDefault(@Nullable String value) {
        return value == null ? DEFAULT : fromWire(value).orElse(DEFAULT);
    }
}
