package dev.poco.server.sessions;

import java.util.Locale;

/**
 * The statuses Poco itself gives a session. The column stays free text, as in poco, because
 * {@code PATCH /sessions/{id}} accepts any status string.
 */
public enum SessionStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
