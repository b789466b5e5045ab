package dev.poco.server.memories;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * poco's answer to a create: {@code {job_id, status}}. A job that stores text as it is ({@code infer} false) is done
 * before the answer, which then also carries its {@code result} (mem0's {@code {"results":[…]}}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemoryJobAccepted(UUID jobId, String status, @Nullable JsonNode result, @Nullable String error) {}
