package dev.poco.server.subagents;

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

@RestController
@RequestMapping("/api/v1/subagents")
class SubagentController {

    private final SubagentService agents;

    SubagentController(SubagentService agents) {
        this.agents = agents;
    }

    @GetMapping
    Envelope<List<Subagent>> list(Caller caller) {
        return Envelope.ok(agents.list(caller));
    }

    @GetMapping("/{subagentId}")
    Envelope<Subagent> get(Caller caller, @PathVariable int subagentId) {
        return Envelope.ok(agents.require(caller, subagentId));
    }

    @PostMapping
    Envelope<Subagent> create(Caller caller, @Valid @RequestBody SubagentRequests.Create request) {
        return Envelope.ok("Subagent created successfully", agents.create(caller, request));
    }

    @PatchMapping("/{subagentId}")
    Envelope<Subagent> update(Caller caller, @PathVariable int subagentId,
            @Valid @RequestBody SubagentRequests.Update request) {
        return Envelope.ok("Subagent updated successfully", agents.update(caller, subagentId, request));
    }

    @DeleteMapping("/{subagentId}")
    Envelope<Map<String, Integer>> delete(Caller caller, @PathVariable int subagentId) {
        agents.delete(caller, subagentId);
        return Envelope.ok("Subagent deleted successfully", Map.of("id", subagentId));
    }
}
