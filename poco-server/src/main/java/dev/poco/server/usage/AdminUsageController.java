package dev.poco.server.usage;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.ForbiddenException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The admin's view of everyone's usage (issue 17 part 5); members get 403. */
@RestController
class AdminUsageController {

    private final UsageService usage;

    AdminUsageController(UsageService usage) {
        this.usage = usage;
    }

    /** Per user over the last {@code days} days (UTC, today included), the biggest spender first. */
    @GetMapping("/api/v1/admin/usage")
    Envelope<List<UserUsage>> perUser(Caller caller, @RequestParam(defaultValue = "30") @Min(1) @Max(366) int days) {
        if (!caller.admin()) {
            throw new ForbiddenException("Only an admin may do this");
        }
        return Envelope.ok(usage.perUser(days));
    }
}
