package dev.poco.server.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds the Poco credential a request presents ({@code Authorization: Bearer}, or a runner's
 * {@code X-Internal-Token}) and has the {@link BearerCredentials} of its prefix check it. Values
 * without a known prefix (the shared runner token, a proxy's own bearer tokens) are not Poco
 * credentials and are left alone.
 */
final class BearerAuthentication {

    private final List<BearerCredentials> kinds;

    BearerAuthentication(List<BearerCredentials> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    /** The outcome for the request's Poco credential; null when it carries none. */
    @Nullable BearerOutcome check(HttpServletRequest request) {
        for (String presented : presented(request)) {
            for (BearerCredentials kind : kinds) {
                if (presented.startsWith(kind.prefix())) {
                    return kind.check(presented, request);
                }
            }
        }
        return null;
    }

    private static List<String> presented(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
        String internal = request.getHeader(IdentityFilter.TOKEN_HEADER);
        if (bearer != null && internal != null) {
            return List.of(bearer, internal.strip());
        }
        return bearer != null ? List.of(bearer) : internal != null ? List.of(internal.strip()) : List.of();
    }
}
