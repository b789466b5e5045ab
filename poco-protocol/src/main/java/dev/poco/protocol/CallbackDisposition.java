package dev.poco.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the server did with one progress callback: the {@code disposition} field of a
 * {@link CallbackResponse}, so a runner decides without reading the human note in {@code message}.
 * Poco's addition to poco's CallbackResponse; serialized in snake_case ({@code session_canceled}).
 *
 * <p>A runner must tolerate values it does not know (a newer server): they read as
 * {@link #UNKNOWN}, which keeps the run's callbacks flowing, as a missing field does.
 */
public enum CallbackDisposition {
    /** Stored and applied to the session and run. */
    APPLIED,
    /** No such session (yet): nothing stored, later callbacks may still match. */
    SESSION_NOT_FOUND,
    /** The session was canceled: dropped, and so will every later callback of this run be. */
    SESSION_CANCELED,
    /** The named run is not a run of this session: dropped. */
    RUN_NOT_IN_SESSION,
    /** This (run_id, seq) was already delivered: ignored. */
    DUPLICATE,
    /** The run already ended (completed, failed or canceled): dropped. */
    RUN_FINISHED,
    /** A value this side does not know (sent by a newer server); never sent. */
    UNKNOWN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Unknown or missing values become {@link #UNKNOWN} instead of failing the whole answer. */
    @JsonCreator
    public static CallbackDisposition fromWire(@Nullable String value) {
        return Arrays.stream(values())
                .filter(d -> d != UNKNOWN && d.wire().equals(value))
                .findFirst()
                .orElse(UNKNOWN);
    }

    /** True when the server will drop every later callback of the same run, so sending them is pointless. */
    public boolean endsCallbacks() {
        return this == SESSION_CANCELED || this == RUN_NOT_IN_SESSION || this == RUN_FINISHED;
    }
}
