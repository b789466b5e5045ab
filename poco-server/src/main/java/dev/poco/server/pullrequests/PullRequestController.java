package dev.poco.server.pullrequests;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import jakarta.validation.Valid;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /sessions/{id}/repository/push}: Poco's own (poco has no push); the session's owner only, as the rest
 * of the sessions API (another user's session is 403, a missing one 404).
 */
@RestController
class PullRequestController {

    private final PullRequestService pulls;

    PullRequestController(PullRequestService pulls) {
        this.pulls = pulls;
    }

    @PostMapping("/api/v1/sessions/{sessionId}/repository/push")
    Envelope<PushResult> push(Caller caller, @PathVariable UUID sessionId,
            @Valid @RequestBody(required = false) @Nullable PushRequest request) {
        PushResult result = pulls.push(caller, sessionId, request == null ? PushRequest.DEFAULTS : request);
        return Envelope.ok("Pull request opened", result);
    }
}
