package dev.poco.server.envvars;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Users' env vars: values go in, never come out. */
@RestController
@RequestMapping("/api/v1/env-vars")
class EnvVarController {

    private final EnvVarService envVars;

    EnvVarController(EnvVarService envVars) {
        this.envVars = envVars;
    }

    @GetMapping
    Envelope<List<EnvVarView>> list(Caller caller) {
        return Envelope.ok(envVars.list(caller));
    }

    @PostMapping
    Envelope<EnvVarView> create(Caller caller, @Valid @RequestBody CreateEnvVarRequest request) {
        return Envelope.ok("Environment variable created successfully", envVars.create(caller, request));
    }

    @PatchMapping("/{envVarId}")
    Envelope<EnvVarView> update(Caller caller, @PathVariable int envVarId,
            @Valid @RequestBody UpdateEnvVarRequest request) {
        return Envelope.ok("Environment variable updated successfully", envVars.update(caller, envVarId, request));
    }

    @DeleteMapping("/{envVarId}")
    Envelope<Map<String, Integer>> delete(Caller caller, @PathVariable int envVarId) {
        envVars.delete(caller, envVarId);
        return Envelope.ok("Environment variable deleted successfully", Map.of("id", envVarId));
    }
}
