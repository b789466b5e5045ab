package dev.poco.server.tokens;

import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.Texts;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** What a personal API token may do: {@code read} (GET and HEAD only) or {@code write} (everything its user may). */
public enum TokenScope {
    READ, WRITE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope a client named; null when it named none. */
    static @Nullable TokenScope parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "read" -> READ;
            case "write" -> WRITE;
            default -> throw new BadRequestException("scope must be read or write, not \""
                    + Texts.truncate(value.strip(), 40) + "\"");
        };
    }
}
