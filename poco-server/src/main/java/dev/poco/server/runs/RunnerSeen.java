package dev.poco.server.runs;

import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A runner that claimed work lately, and the schedule modes it asks for (null: every mode). */
public record RunnerSeen(String workerId, @Nullable List<String> scheduleModes, OffsetDateTime lastClaimAt) {}
