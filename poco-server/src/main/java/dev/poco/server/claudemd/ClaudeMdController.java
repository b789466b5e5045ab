package dev.poco.server.claudemd;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The caller's CLAUDE.md, and the runner's read of a run's user ({@code X-User-Id}, runner token). */
@RestController
class ClaudeMdController {

    private final ClaudeMdService claudeMd;

    ClaudeMdController(ClaudeMdService claudeMd) {
        this.claudeMd = claudeMd;
    }

    @GetMapping("/api/v1/claude-md")
    Envelope<ClaudeMdView> get(Caller caller) {
        return Envelope.ok(claudeMd.get(caller.userId()));
    }

    @PutMapping("/api/v1/claude-md")
    Envelope<ClaudeMdView> put(Caller caller, @RequestBody PutClaudeMdRequest request) {
        return Envelope.ok("CLAUDE.md saved successfully", claudeMd.put(caller.userId(), request));
    }

    @DeleteMapping("/api/v1/claude-md")
    Envelope<Map<String, Boolean>> delete(Caller caller) {
        claudeMd.delete(caller.userId());
        return Envelope.ok("CLAUDE.md deleted successfully", Map.of("deleted", true));
    }

    @GetMapping("/api/v1/internal/claude-md")
    Envelope<ClaudeMdView> internal(Caller caller) {
        return Envelope.ok(claudeMd.get(caller.userId()));
    }
}
