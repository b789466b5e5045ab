package dev.poco.server.claudemd;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * poco's ClaudeMdResponse. {@code enabled} is the effective flag: stored enabled and content not
 * blank. A user without a row gets {@code {enabled: false, content: "", updated_at: null}}.
 */
public record ClaudeMdView(boolean enabled, String content, @Nullable OffsetDateTime updatedAt) {

    static final ClaudeMdView NONE = new ClaudeMdView(false, "", null);

    static ClaudeMdView of(ClaudeMdSettings s) {
        return new ClaudeMdView(s.enabled() && !s.content().isBlank(), s.content(), s.updatedAt());
    }
}
