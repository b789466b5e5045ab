package dev.poco.server.subagents;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The runner's subagents; {@code /internal/**} needs the runner token (auth.SecurityConfiguration). */
@RestController
class InternalSubagentController {

    private final SubagentService agents;

    InternalSubagentController(SubagentService agents) {
        this.agents = agents;
    }

    /** An absent body is {@code {}}: the caller's enabled subagents, as poco's manager sends it. */
    @PostMapping("/api/v1/internal/subagents/resolve")
    Envelope<ResolvedSubagents> resolve(Caller caller,
            @Valid @RequestBody(required = false) SubagentRequests.@org.jspecify.annotations.Nullable Resolve request) {
        return Envelope.ok(agents.resolve(caller, request == null ? null : request.subagentIds()));
    }
}
