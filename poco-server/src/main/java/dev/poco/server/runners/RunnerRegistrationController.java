package dev.poco.server.runners;

import dev.poco.protocol.Envelope;
import io.swagger.v3.oas.annotations.Parameter;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** A runner registers itself with a registration token and gets its own credential. */
@RestController
class RunnerRegistrationController {

    private final RunnerRegistrationService runners;

    RunnerRegistrationController(RunnerRegistrationService runners) {
        this.runners = runners;
    }

    @PostMapping("/api/v1/runners/register")
    Envelope<RunnerRegistrationView> register(
            @Parameter(description = "Bearer poco_reg_… (a registration token)")
            @RequestHeader(name = "Authorization", required = false) @Nullable String authorization,
            @RequestBody RegisterRunnerRequest request) {
        return Envelope.ok("Runner registered: keep the credential, it is not shown again",
                runners.register(authorization, request));
    }
}
