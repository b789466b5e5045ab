package dev.poco.server.memories;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * poco's {@code /memories} routes, each for the caller's memories only, plus {@code /memories/settings} (the caller's
 * switch). {@code configure} and {@code reset} need the runner token (see the auth package), as in poco.
 */
@RestController
@RequestMapping("/api/v1/memories")
class MemoryController {

    private final MemoryService memories;

    MemoryController(MemoryService memories) {
        this.memories = memories;
    }

    @PostMapping("/configure")
    Envelope<ObjectNode> configure(@RequestBody ConfigureMemoryRequest request) {
        return Envelope.ok(memories.configure(request.enabled()));
    }

    @PostMapping("/reset")
    Envelope<Map<String, Boolean>> reset() {
        memories.reset();
        return Envelope.ok(Map.of("reset", true));
    }

    @GetMapping("/settings")
    Envelope<MemorySettingsView> settings(Caller caller) {
        return Envelope.ok(memories.settings(caller.userId()));
    }

    @PutMapping("/settings")
    Envelope<MemorySettingsView> putSettings(Caller caller, @Valid @RequestBody MemorySettingsRequest request) {
        return Envelope.ok(memories.setEnabled(caller.userId(), request.enabled()));
    }

    @PostMapping
    Envelope<MemoryJobAccepted> create(Caller caller, @Valid @RequestBody CreateMemoriesRequest request) {
        return Envelope.ok(memories.create(caller.userId(), request));
    }

    @GetMapping("/jobs/active")
    Envelope<MemoryJobView> activeJob(Caller caller) {
        return Envelope.ok(memories.activeJob(caller.userId()).orElse(null));
    }

    @GetMapping("/jobs/{jobId}")
    Envelope<MemoryJobView> job(Caller caller, @PathVariable UUID jobId) {
        return Envelope.ok(memories.job(caller.userId(), jobId));
    }

    @GetMapping
    Envelope<MemoryResults> list(Caller caller, @RequestParam(name = "run_id", required = false) @Nullable String runId) {
        return Envelope.ok(memories.list(caller.userId(), runId));
    }

    @PostMapping("/search")
    Envelope<MemoryResults> search(Caller caller, @Valid @RequestBody SearchMemoriesRequest request) {
        return Envelope.ok(memories.search(caller.userId(), request));
    }

    @GetMapping("/{memoryId}")
    Envelope<MemoryItem> get(Caller caller, @PathVariable UUID memoryId) {
        return Envelope.ok(memories.get(caller.userId(), memoryId));
    }

    @PutMapping("/{memoryId}")
    Envelope<MemoryItem> update(Caller caller, @PathVariable UUID memoryId,
            @Valid @RequestBody UpdateMemoryRequest request) {
        return Envelope.ok(memories.update(caller.userId(), memoryId, request));
    }

    @GetMapping("/{memoryId}/history")
    Envelope<List<MemoryHistoryEntry>> history(Caller caller, @PathVariable UUID memoryId) {
        return Envelope.ok(memories.history(caller.userId(), memoryId));
    }

    @DeleteMapping("/{memoryId}")
    Envelope<Map<String, UUID>> delete(Caller caller, @PathVariable UUID memoryId) {
        memories.delete(caller.userId(), memoryId);
        return Envelope.ok(Map.of("id", memoryId));
    }

    @DeleteMapping
    Envelope<Map<String, Boolean>> deleteAll(Caller caller,
            @RequestParam(name = "run_id", required = false) @Nullable String runId) {
        memories.deleteAll(caller.userId(), runId);
        return Envelope.ok(Map.of("deleted", true));
    }
}
