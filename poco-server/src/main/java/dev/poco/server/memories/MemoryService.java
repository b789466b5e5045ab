package dev.poco.server.memories;

import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.Texts;
import dev.poco.server.sessions.SessionService;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every memory operation, for one owner. A memory of someone else is answered exactly like a missing one (NOT_FOUND
 * "Memory not found"), so ids of other users' memories cannot be probed; a job of someone else is FORBIDDEN, as in
 * poco. The internal routes name a session instead of a user: its owner is the user.
 */
@Service
public class MemoryService {

    /** The {@code user_memory_settings} row of the operator's switch ({@code POST /memories/configure}). */
    static final String SYSTEM_USER = "__system__";
    static final String DISABLED = "Memory service is disabled. Enable it with POST /api/v1/memories/configure first.";
    private static final int MAX_ID_CHARS = 255;

    private final MemoryRepository memories;
    private final MemoryJobRepository jobs;
    private final MemoryJobRunner runner;
    private final MemorySearch search;
    private final MemoryEmbeddings embeddings;
    private final MemoryProperties properties;
    private final SessionService sessions;

    MemoryService(MemoryRepository memories, MemoryJobRepository jobs, MemoryJobRunner runner, MemorySearch search,
            MemoryEmbeddings embeddings, MemoryProperties properties, SessionService sessions) {
        this.memories = memories;
        this.jobs = jobs;
        this.runner = runner;
        this.search = search;
        this.embeddings = embeddings;
        this.properties = properties;
        this.sessions = sessions;
    }

    /** Whether runs of this user get the memory tools: the operator's switch and the user's are both on. */
    public boolean enabledFor(String userId) {
        return serviceEnabled() && memories.enabled(userId).orElse(true);
    }

    /** The owner of a live session, for the internal routes; NOT_FOUND "Session not found: …" otherwise. */
    String sessionOwner(UUID sessionId) {
        return sessions.find(sessionId).map(s -> s.userId())
                .orElseThrow(() -> new NotFoundException("Session not found: " + sessionId));
    }

    MemorySettingsView settings(String userId) {
        return new MemorySettingsView(memories.enabled(userId).orElse(true), serviceEnabled());
    }

    MemorySettingsView setEnabled(String userId, boolean enabled) {
        memories.setEnabled(userId, enabled);
        return settings(userId);
    }

    ObjectNode configure(@Nullable Boolean enabled) {
        if (enabled != null) {
            memories.setEnabled(SYSTEM_USER, enabled);
        }
        return JsonNodeFactory.instance.objectNode().put("configured", true).put("enabled", serviceEnabled());
    }

    @Transactional
    void reset() {
        memories.wipe();
    }

    MemoryJobAccepted create(String userId, CreateMemoriesRequest request) {
        requireEnabled();
        long chars = 0;
        for (CreateMemoriesRequest.Message m : request.messages()) {
            noNul(m.role());
            noNul(m.content());
            chars += m.content().length() + m.role().length();
        }
        if (chars > properties.maxConversationChars()) {
            throw new BadRequestException("Messages are too long (max " + properties.maxConversationChars()
                    + " characters)");
        }
        String runId = id("run_id", request.runId());
        JsonNode metadata = object("metadata", request.metadata());
        boolean infer = request.infer() == null || request.infer();
        JsonNode messages = JsonNodeFactory.instance.arrayNode().addAll(request.messages().stream()
                .map(m -> (JsonNode) JsonNodeFactory.instance.objectNode().put("role", m.role())
                        .put("content", m.content()))
                .toList());
        MemoryJob job = jobs.insert(userId, messages, runId, metadata, infer);
        if (infer) {
            runner.submit(job.id());
            return new MemoryJobAccepted(job.id(), job.status(), null, null);
        }
        runner.runNow(job.id());
        MemoryJob done = jobs.find(job.id()).orElseThrow();
        return new MemoryJobAccepted(done.id(), done.status(), done.result(), done.error());
    }

    Optional<MemoryJobView> activeJob(String userId) {
        return jobs.active(userId).map(MemoryJobView::of);
    }

    MemoryJobView job(String userId, UUID jobId) {
        MemoryJob job = jobs.find(jobId).orElseThrow(() -> new NotFoundException("Memory create job not found"));
        if (!job.userId().equals(userId)) {
            throw new ForbiddenException("Memory create job does not belong to the user");
        }
        return MemoryJobView.of(job);
    }

    MemoryResults list(String userId, @Nullable String runId) {
        requireEnabled();
        return new MemoryResults(memories.list(userId, id("run_id", runId)).stream().map(MemoryItem::of).toList());
    }

    MemoryResults search(String userId, SearchMemoriesRequest request) {
        requireEnabled();
        String query = request.query();
        if (query.length() > properties.maxQueryChars()) {
            throw new BadRequestException("Query is too long (max " + properties.maxQueryChars() + " characters)");
        }
        JsonNode filters = object("filters", request.filters());
        String runId = id("run_id", request.runId());
        String agentId = null;
        ObjectNode metadata = null;
        if (filters != null) {
            for (var field : filters.properties()) {
                String value = field.getValue().isString() ? field.getValue().asString() : null;
                switch (field.getKey()) {
                    case "run_id" -> runId = value != null ? value : runId;
                    case "agent_id" -> agentId = value;
                    case "user_id" -> { } // the caller's, always
                    default -> {
                        if (metadata == null) {
                            metadata = JsonNodeFactory.instance.objectNode();
                        }
                        metadata.set(field.getKey(), field.getValue());
                    }
                }
            }
        }
        if (query.isBlank()) {
            return new MemoryResults(List.of());
        }
        int limit = request.limit() == null ? 100 : request.limit();
        return new MemoryResults(search.search(userId, query, runId, agentId, metadata, limit));
    }

    MemoryItem get(String userId, UUID id) {
        requireEnabled();
        return MemoryItem.of(live(userId, id));
    }

    @Transactional
    MemoryItem update(String userId, UUID id, UpdateMemoryRequest request) {
        requireEnabled();
        String text = Texts.trimToNull(request.text());
        if (text == null) {
            throw new BadRequestException("Memory text cannot be empty");
        }
        noNul(text);
        if (text.length() > properties.maxMemoryChars()) {
            throw new BadRequestException("Memory text is too long (max " + properties.maxMemoryChars()
                    + " characters)");
        }
        memories.lockUser(userId);
        Memory old = live(userId, id);
        if (old.memory().equals(text)) {
            return MemoryItem.of(old);
        }
        Memory updated = memories.updateText(id, text, embeddings.embed(text).orElse(null));
        memories.history(id, userId, old.memory(), text, "UPDATE", "user", null);
        return MemoryItem.of(updated);
    }

    List<MemoryHistoryEntry> history(String userId, UUID id) {
        requireEnabled();
        if (memories.find(userId, id).isEmpty()) { // a deleted memory keeps its history
            throw notFound();
        }
        return memories.history(userId, id);
    }

    @Transactional
    void delete(String userId, UUID id) {
        requireEnabled();
        Memory m = live(userId, id);
        memories.markDeleted(id);
        memories.history(id, userId, m.memory(), null, "DELETE", "user", null);
    }

    @Transactional
    int deleteAll(String userId, @Nullable String runId) {
        requireEnabled();
        List<Memory> all = memories.list(userId, id("run_id", runId));
        for (Memory m : all) {
            memories.markDeleted(m.id());
            memories.history(m.id(), userId, m.memory(), null, "DELETE", "user", null);
        }
        return all.size();
    }

    private Memory live(String userId, UUID id) {
        return memories.find(userId, id).filter(m -> !m.deleted()).orElseThrow(MemoryService::notFound);
    }

    private boolean serviceEnabled() {
        return memories.enabled(SYSTEM_USER).orElse(true);
    }

    private void requireEnabled() {
        if (!serviceEnabled()) {
            throw new BadRequestException(DISABLED);
        }
    }

    private static NotFoundException notFound() {
        return new NotFoundException("Memory not found");
    }

    private static @Nullable String id(String field, @Nullable String value) {
        String v = Texts.trimToNull(value);
        if (v != null && (v.length() > MAX_ID_CHARS || v.indexOf('\0') >= 0)) {
            throw new BadRequestException(field + " is too long (max " + MAX_ID_CHARS + " characters)");
        }
        return v;
    }

    private static @Nullable JsonNode object(String field, @Nullable JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new BadRequestException(field + " must be an object");
        }
        if (value.toString().contains("\\u0000")) {
            throw new BadRequestException(field + " must not contain NUL characters");
        }
        return value;
    }

    private static void noNul(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new BadRequestException("Text must not contain NUL characters");
        }
    }
}
