package dev.poco.server.usage;

import dev.poco.protocol.Envelope;
import dev.poco.protocol.UsageView;
import dev.poco.server.auth.Caller;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class UsageController {

    private final UsageService usage;

    UsageController(UsageService usage) {
        this.usage = usage;
    }

    @GetMapping("/api/v1/sessions/{sessionId}/usage")
    Envelope<UsageView> session(Caller caller, @PathVariable UUID sessionId) {
        return Envelope.ok(usage.forSession(caller, sessionId));
    }
}
