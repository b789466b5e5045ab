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

/**
 * Runner-token endpoints ({@code /internal/**} needs the token, see the auth package): the
 * plaintext map of a run's user ({@code X-User-Id}) and the management of system vars.
 */
@RestController
@RequestMapping("/api/v1/internal")
class InternalEnvVarController {

    private final EnvVarService envVars;

    InternalEnvVarController(EnvVarService envVars) {
        this.envVars = envVars;
    }

    @GetMapping("/env-vars/map")
    Envelope<EnvVarMap> map(Caller caller) {
        return Envelope.ok(envVars.map(caller.userId()));
    }

    @GetMapping("/system-env-vars")
    Envelope<List<SystemEnvVarView>> list() {
        return Envelope.ok(envVars.listSystem());
    }

    @PostMapping("/system-env-vars")
    Envelope<SystemEnvVarView> create(@Valid @RequestBody CreateSystemEnvVarRequest request) {
        return Envelope.ok("System environment variable created successfully", envVars.createSystem(request));
    }

    @PatchMapping("/system-env-vars/{envVarId}")
    Envelope<SystemEnvVarView> update(@PathVariable int envVarId, @Valid @RequestBody UpdateEnvVarRequest request) {
        return Envelope.ok("System environment variable updated successfully",
                envVars.updateSystem(envVarId, request));
    }

    @DeleteMapping("/system-env-vars/{envVarId}")
    Envelope<Map<String, Integer>> delete(@PathVariable int envVarId) {
        envVars.deleteSystem(envVarId);
        return Envelope.ok("System environment variable deleted successfully", Map.of("id", envVarId));
    }
}
