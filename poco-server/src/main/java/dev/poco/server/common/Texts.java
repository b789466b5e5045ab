package dev.poco.server.common;

import org.jetbrains.annotations.Contract;
import org.jspecify.annotations.Nullable;

/** Small string rules shared by features (trimming, previews, poco's blank handling). */
public final class Texts {

    private Texts() {}

    /** Trimmed value, or null when null or blank. */
    public static @Nullable String trimToNull(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }

    @Contract("null -> true")
    public static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    /** The first {@code max} characters (by code point, never splitting a surrogate pair). */
    public static String truncate(String value, int max) {
        if (value.codePointCount(0, value.length()) <= max) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, max));
    }
}
