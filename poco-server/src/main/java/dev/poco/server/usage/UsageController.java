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

    /** The Usage page (ours): the caller's usage per day, project and model over {@code days} days, and the budget. */
    @GetMapping("/api/v1/usage/summary")
    Envelope<UsageSummary> summary(Caller caller,
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "30")
            @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(366) int days) {
        return Envelope.ok(usage.summary(caller, days));
    }

    @GetMapping("/api/v1/sessions/{sessionId}/usage")
    Envelope<UsageView> session(Caller caller, @PathVariable UUID sessionId) {
        return Envelope.ok(usage.forSession(caller, sessionId));
    }
}
