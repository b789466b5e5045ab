package dev.poco.server.memories;

import dev.poco.server.common.Texts;
import dev.poco.server.llm.ServerModelException;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs memory create jobs ({@code queued → running → success|failed}, as poco's). A job with {@code infer} has the
 * model decide ({@link FactExtractor}) against the user's closest memories; one without stores each user message as a
 * fact. Every fact then goes through the same checks: the same text as a live memory, or one at least
 * {@link MemoryProperties#duplicateSimilarity()} similar, is skipped (a {@code NONE} entry in that memory's history);
 * otherwise it is added ({@code ADD}) or, as the model decided, replaces a memory ({@code UPDATE}, old and new text
 * in the history). The writes of one job are one transaction under a per-user lock, so two jobs never add the same
 * fact twice. The result is mem0's {@code {"results":[{id, memory, event, previous_memory?}]}}. At start, jobs a
 * stopped server left running are failed and queued ones are run.
 */
@Component
class MemoryJobRunner {

    private static final Logger log = LoggerFactory.getLogger(MemoryJobRunner.class);
    static final String INTERRUPTED = "The server stopped while this memory job was running; send the messages again";
    /** How many existing memories the model is shown to compare new facts with. */
    static final int COMPARED = 10;

    private final MemoryJobRepository jobs;
    private final MemoryRepository memories;
    private final MemorySearch search;
    private final MemoryEmbeddings embeddings;
    private final FactExtractor extractor;
    private final MemoryProperties properties;
    private final TransactionTemplate tx;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    MemoryJobRunner(MemoryJobRepository jobs, MemoryRepository memories, MemorySearch search,
            MemoryEmbeddings embeddings, FactExtractor extractor, MemoryProperties properties, TransactionTemplate tx) {
        this.jobs = jobs;
        this.memories = memories;
        this.search = search;
        this.embeddings = embeddings;
        this.extractor = extractor;
        this.properties = properties;
        this.tx = tx;
    }

    void submit(UUID jobId) {
        executor.execute(() -> run(jobId));
    }

    /** Runs the job on the caller's thread (a create that stores text as it is answers with the outcome). */
    void runNow(UUID jobId) {
        run(jobId);
    }

    @EventListener(ApplicationReadyEvent.class)
    int recover() {
        int failed = jobs.failRunning(INTERRUPTED);
        if (failed > 0) {
            log.warn("{} memory job(s) were running when the server stopped; marked failed", failed);
        }
        jobs.queued().forEach(this::submit);
        return failed;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    private void run(UUID jobId) {
        if (!jobs.start(jobId)) {
            return;
        }
        try {
            MemoryJob job = jobs.find(jobId).orElseThrow();
            List<FactExtractor.Decision> decisions;
            List<MemoryItem> shown = List.of();
            if (job.infer()) {
                String conversation = conversation(job.messages());
                String userText = Texts.truncate(userText(job.messages()), properties.maxQueryChars());
                shown = userText.isBlank() ? List.of() : search.closest(job.userId(), userText, COMPARED);
                decisions = extractor.decide(conversation, shown.stream().map(MemoryItem::memory).toList());
                jobs.progress(jobId, 50);
            } else {
                decisions = new ArrayList<>();
                for (JsonNode m : job.messages()) {
                    String text = m.path("content").asString("").strip();
                    if (!text.isEmpty() && "user".equals(m.path("role").asString(""))) {
                        decisions.add(new FactExtractor.Decision("ADD", null, text));
                    }
                }
            }
            List<MemoryItem> compared = shown;
            ObjectNode result = tx.execute(status -> apply(job, decisions, compared));
            jobs.succeed(jobId, result == null ? JsonNodeFactory.instance.objectNode() : result);
        } catch (ServerModelException e) {
            log.info("Memory job {}: the model could not extract facts: {}", jobId, e.getMessage());
            jobs.fail(jobId, "Extracting memories failed: " + e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Memory job {} failed", jobId, e);
            jobs.fail(jobId, "Creating memories failed: " + e.getMessage());
        }
    }

    private ObjectNode apply(MemoryJob job, List<FactExtractor.Decision> decisions, List<MemoryItem> shown) {
        memories.lockUser(job.userId());
        String role = job.infer() ? null : "user";
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        for (FactExtractor.Decision d : decisions) {
            Optional<Memory> target = d.existing() == null ? Optional.empty()
                    : memories.find(job.userId(), shown.get(d.existing()).id()).filter(m -> !m.deleted());
            switch (d.event()) {
                case "NONE" -> target.ifPresent(m -> skip(job, m, m.memory(), role, results));
                case "UPDATE" -> {
                    String text = clip(d.text());
                    if (target.isEmpty()) {
                        add(job, text, role, results);
                    } else if (target.get().memory().equals(text)) {
                        skip(job, target.get(), text, role, results);
                    } else {
                        Memory old = target.get();
                        Memory updated = memories.updateText(old.id(), text, embeddings.embed(text).orElse(null));
                        memories.history(old.id(), job.userId(), old.memory(), text, "UPDATE", role, job.id());
                        results.add(entry(updated, "UPDATE").put("previous_memory", old.memory()));
                    }
                }
                default -> add(job, clip(d.text()), role, results);
            }
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("results", results);
        return result;
    }

    private void add(MemoryJob job, String text, @Nullable String role, ArrayNode results) {
        Optional<Memory> same = memories.findByHash(job.userId(), MemoryText.hash(text));
        if (same.isPresent()) {
            skip(job, same.get(), text, role, results);
            return;
        }
        float[] vector = embeddings.embed(text).orElse(null);
        Optional<Memory> near = search.nearDuplicate(job.userId(), vector, properties.duplicateSimilarity());
        if (near.isPresent()) {
            skip(job, near.get(), text, role, results);
            return;
        }
        Memory added = memories.insert(job.userId(), job.runId(), text, job.metadata(), vector);
        memories.history(added.id(), job.userId(), null, text, "ADD", role, job.id());
        results.add(entry(added, "ADD"));
    }

    /** The fact is already known: nothing changes, and the memory's history says it was found again. */
    private void skip(MemoryJob job, Memory existing, String fact, @Nullable String role, ArrayNode results) {
        memories.history(existing.id(), job.userId(), existing.memory(), fact, "NONE", role, job.id());
        results.add(entry(existing, "NONE"));
    }

    private static ObjectNode entry(Memory m, String event) {
        return JsonNodeFactory.instance.objectNode().put("id", m.id().toString()).put("memory", m.memory())
                .put("event", event);
    }

    private String clip(@Nullable String text) {
        return Texts.truncate(text == null ? "" : text.strip(), properties.maxMemoryChars());
    }

    static String conversation(JsonNode messages) {
        StringBuilder s = new StringBuilder();
        for (JsonNode m : messages) {
            s.append(m.path("role").asString("user")).append(": ").append(m.path("content").asString(""))
                    .append('\n');
        }
        return s.toString();
    }

    private static String userText(JsonNode messages) {
        StringBuilder s = new StringBuilder();
        for (JsonNode m : messages) {
            if ("user".equals(m.path("role").asString(""))) {
                s.append(m.path("content").asString("")).append('\n');
            }
        }
        return s.toString().strip();
    }
}
