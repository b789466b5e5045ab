package dev.poco.server.runners;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin → Runners: registration tokens, the runners with their last heartbeat, revocation. Admins only. */
@RestController
@RequestMapping("/api/v1/admin/runners")
class RunnerAdminController {

    private final RunnerRegistrationService runners;

    RunnerAdminController(RunnerRegistrationService runners) {
        this.runners = runners;
    }

    @GetMapping
    Envelope<List<RunnerView>> list(Caller caller) {
        return Envelope.ok(runners.list(caller));
    }

    @PostMapping("/registration-tokens")
    Envelope<RegistrationTokenView> createToken(Caller caller, @RequestBody CreateRegistrationTokenRequest request) {
        return Envelope.ok("Registration token created: copy it now, it is not shown again",
                runners.createToken(caller, request));
    }

    @DeleteMapping("/{runnerId}")
    Envelope<Map<String, UUID>> revoke(Caller caller, @PathVariable UUID runnerId) {
        runners.revoke(caller, runnerId);
        return Envelope.ok("Runner revoked", Map.of("id", runnerId));
    }
}
