package dev.poco.server.memories;

import dev.poco.protocol.Envelope;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * poco's {@code /internal/memories*} (runner token): the user is the owner of the {@code session_id} query
 * parameter's session, and every call is scoped to that user (poco checked no ownership of memory ids here). The
 * runner's {@code __poco_memory} tools call these with the run's session.
 */
@RestController
@RequestMapping("/api/v1/internal/memories")
class InternalMemoryController {

    private final MemoryService memories;

    InternalMemoryController(MemoryService memories) {
        this.memories = memories;
    }

    @PostMapping
    Envelope<MemoryJobAccepted> create(@RequestParam("session_id") UUID sessionId,
            @Valid @RequestBody CreateMemoriesRequest request) {
        CreateMemoriesRequest withoutRun = new CreateMemoriesRequest(request.messages(), null, request.metadata(),
                request.infer());
        return Envelope.ok(memories.create(owner(sessionId), withoutRun));
    }

    @GetMapping("/jobs/{jobId}")
    Envelope<MemoryJobView> job(@RequestParam("session_id") UUID sessionId, @PathVariable UUID jobId) {
        return Envelope.ok(memories.job(owner(sessionId), jobId));
    }

    @GetMapping
    Envelope<MemoryResults> list(@RequestParam("session_id") UUID sessionId) {
        return Envelope.ok(memories.list(owner(sessionId), null));
    }

    @PostMapping("/search")
    Envelope<MemoryResults> search(@RequestParam("session_id") UUID sessionId,
            @Valid @RequestBody SearchMemoriesRequest request) {
        return Envelope.ok(memories.search(owner(sessionId), new SearchMemoriesRequest(request.query(), null,
                request.filters(), request.limit())));
    }

    @GetMapping("/{memoryId}")
    Envelope<MemoryItem> get(@RequestParam("session_id") UUID sessionId, @PathVariable UUID memoryId) {
        return Envelope.ok(memories.get(owner(sessionId), memoryId));
    }

    @PutMapping("/{memoryId}")
    Envelope<MemoryItem> update(@RequestParam("session_id") UUID sessionId, @PathVariable UUID memoryId,
            @Valid @RequestBody UpdateMemoryRequest request) {
        return Envelope.ok(memories.update(owner(sessionId), memoryId, request));
    }

    @GetMapping("/{memoryId}/history")
    Envelope<List<MemoryHistoryEntry>> history(@RequestParam("session_id") UUID sessionId,
            @PathVariable UUID memoryId) {
        return Envelope.ok(memories.history(owner(sessionId), memoryId));
    }

    @DeleteMapping("/{memoryId}")
    Envelope<Map<String, UUID>> delete(@RequestParam("session_id") UUID sessionId, @PathVariable UUID memoryId) {
        memories.delete(owner(sessionId), memoryId);
        return Envelope.ok(Map.of("id", memoryId));
    }

    @DeleteMapping
    Envelope<Map<String, Boolean>> deleteAll(@RequestParam("session_id") UUID sessionId) {
        memories.deleteAll(owner(sessionId), null);
        return Envelope.ok(Map.of("deleted", true));
    }

    private String owner(UUID sessionId) {
        return memories.sessionOwner(sessionId);
    }
}
