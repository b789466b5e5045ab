package dev.poco.server.system;

import dev.poco.protocol.Envelope;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** poco's liveness endpoints. Deeper checks (database) are at {@code /actuator/health}. */
@RestController
class HealthController {

    private final PocoProperties properties;

    HealthController(PocoProperties properties) {
        this.properties = properties;
    }

    @GetMapping({"/api/v1", "/api/v1/"})
    Envelope<Map<String, String>> root() {
        return Envelope.ok(Map.of("service", properties.appName(), "status", "running",
                "version", properties.appVersion()));
    }

    @GetMapping("/api/v1/health")
    Envelope<Map<String, String>> health() {
        return Envelope.ok(Map.of("service", properties.appName(), "status", "healthy"));
    }
}
