package dev.poco.server.pullrequests;

import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * What the user may choose for a push: the new branch (default {@code poco/<first 8 characters of the session id>}),
 * the pull request's title (default the session's title) and its description.
 */
public record PushRequest(
        @Size(max = 200) @Nullable String branch,
        @Size(max = 256) @Nullable String title,
        @Size(max = 65_536) @Nullable String body) {

    static final PushRequest DEFAULTS = new PushRequest(null, null, null);
}
