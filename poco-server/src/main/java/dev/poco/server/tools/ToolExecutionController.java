package dev.poco.server.tools;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.sessions.SessionService;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ToolExecutionController {

    private final ToolExecutionService executions;
    private final SessionService sessions;

    ToolExecutionController(ToolExecutionService executions, SessionService sessions) {
        this.executions = executions;
        this.sessions = sessions;
    }

    /** poco's delta answer: a cursor over (updated_at, id) so late results appear again. */
    record Delta(List<ToolExecutionView> items, @Nullable OffsetDateTime nextAfterCreatedAt,
            @Nullable UUID nextAfterId, boolean hasMore) {}

    @GetMapping("/api/v1/tool-executions/{executionId}")
    Envelope<ToolExecutionView> get(Caller caller, @PathVariable UUID executionId) {
        return Envelope.ok(ToolExecutionView.of(executions.require(caller, executionId)));
    }

    @GetMapping("/api/v1/sessions/{sessionId}/tool-executions")
    Envelope<List<ToolExecutionView>> list(Caller caller, @PathVariable UUID sessionId,
            @RequestParam(defaultValue = "500") @Min(1) @Max(2000) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        sessions.requireReadable(caller, sessionId);
        return Envelope.ok(executions.list(sessionId, limit, offset).stream().map(ToolExecutionView::of).toList());
    }

    @GetMapping("/api/v1/sessions/{sessionId}/tool-executions/delta")
    Envelope<Delta> delta(Caller caller, @PathVariable UUID sessionId,
            @RequestParam(name = "after_created_at", required = false)
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable OffsetDateTime afterCreatedAt,
            @RequestParam(name = "after_id", required = false) @Nullable UUID afterId,
            @RequestParam(defaultValue = "200") @Min(1) @Max(2000) int limit) {
        sessions.requireReadable(caller, sessionId);
        if (afterId != null && afterCreatedAt == null) {
            throw new BadRequestException("after_id requires after_created_at");
        }
        List<ToolExecutionView> items = executions.delta(sessionId, afterCreatedAt, afterId, limit + 1).stream()
                .map(ToolExecutionView::of).toList();
        boolean hasMore = items.size() > limit;
        List<ToolExecutionView> page = hasMore ? items.subList(0, limit) : items;
        ToolExecutionView last = page.isEmpty() ? null : page.getLast();
        return Envelope.ok(new Delta(page, last != null ? last.updatedAt() : afterCreatedAt,
                last != null ? last.id() : afterId, hasMore));
    }
}
