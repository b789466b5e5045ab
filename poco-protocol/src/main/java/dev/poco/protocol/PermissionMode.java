package dev.poco.protocol;

import java.util.Arrays;
import java.util.Optional;

/** The Claude Code permission modes a run may ask for; wire values are the CLI's own names. */
public enum PermissionMode {
    DEFAULT("default"), ACCEPT_EDITS("acceptEdits"), PLAN("plan"), BYPASS_PERMISSIONS("bypassPermissions");

    private final String wire;

    PermissionMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<PermissionMode> fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(value)).findFirst();
    }
}
