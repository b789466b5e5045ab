package dev.poco.server.models;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.AuthProperties;
import dev.poco.server.auth.Caller;
import dev.poco.server.system.PocoProperties;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/system/status}: what the UI needs to warn about before a user wastes a task,
 * chiefly whether a model key is configured. (It reflects this process; a deployment whose runners
 * run elsewhere should set the variable here too, or ignore the notice.)
 */
@RestController
class SystemStatusController {

    private final ModelEndpointStatus endpoint;
    private final ModelCatalog models;
    private final AuthProperties auth;
    private final PocoProperties poco;

    SystemStatusController(ModelEndpointStatus endpoint, ModelCatalog models, AuthProperties auth, PocoProperties poco) {
        this.endpoint = endpoint;
        this.models = models;
        this.auth = auth;
        this.poco = poco;
    }

    record Status(boolean modelConfigured, String authMode, String version, String defaultModel) {}

    @GetMapping("/api/v1/system/status")
    Envelope<Status> status(Caller caller) { // for users only (issue 17): it tells the version and the model
        return Envelope.ok(new Status(endpoint.configured(), auth.mode().name().toLowerCase(Locale.ROOT),
                poco.appVersion(), models.defaultModel()));
    }
}
