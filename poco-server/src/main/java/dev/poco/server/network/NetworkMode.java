package dev.poco.server.network;

import java.util.Locale;

/** What a run's sandbox may reach: nothing, the hosts of an allowlist, or any public host (DESIGN.md §4). */
public enum NetworkMode {
    NONE, ALLOWLIST, OPEN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a mode as a user or the settings write it (case and surrounding blanks ignored).
     *
     * @throws IllegalArgumentException with a message for the user naming the value and the modes there are
     */
    public static NetworkMode parse(String value) {
        String mode = value.strip().toLowerCase(Locale.ROOT);
        for (NetworkMode m : values()) {
            if (m.wire().equals(mode)) {
                return m;
            }
        }
        throw new IllegalArgumentException("Unknown network mode \"" + value + "\": use none, allowlist or open.");
    }
}
