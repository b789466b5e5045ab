package dev.poco.server.search;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /search}: poco's query parameters and limits (a longer query or a limit out of range is a 422). */
@RestController
class SearchController {

    static final int MAX_QUERY_LENGTH = 200;

    private final SearchService search;

    SearchController(SearchService search) {
        this.search = search;
    }

    @GetMapping("/api/v1/search")
    Envelope<SearchResults> search(Caller caller,
            @RequestParam(defaultValue = "") @Size(max = MAX_QUERY_LENGTH) String q,
            @RequestParam(name = "limit_tasks", defaultValue = "10") @Min(0) @Max(SearchService.MAX_LIMIT) int limitTasks,
            @RequestParam(name = "limit_projects", defaultValue = "5") @Min(0) @Max(SearchService.MAX_LIMIT)
                    int limitProjects,
            @RequestParam(name = "limit_messages", defaultValue = "10") @Min(0) @Max(SearchService.MAX_LIMIT)
                    int limitMessages,
            @RequestParam(name = "project_id", required = false) @Nullable UUID projectId) {
        return Envelope.ok(search.search(caller, q, limitTasks, limitProjects, limitMessages, projectId));
    }
}
