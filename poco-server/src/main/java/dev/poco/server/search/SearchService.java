package dev.poco.server.search;

import dev.poco.server.auth.Caller;
import dev.poco.server.search.SearchResults.MessageHit;
import dev.poco.server.search.SearchResults.ProjectHit;
import dev.poco.server.search.SearchResults.TaskHit;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** poco's search (reference §3.14) on full text: each list ranked, limits clamped to 0..20, 0 skips the list. */
@Service
class SearchService {

    static final int MAX_LIMIT = 20;
    /** Characters of message text shown around the first match. */
    static final int SNIPPET_WIDTH = 200;

    private final SearchRepository search;

    SearchService(SearchRepository search) {
        this.search = search;
    }

    /** Three reads, not one transaction: they need no common snapshot, and each saves the round trips of one. */
    SearchResults search(Caller caller, String q, int limitTasks, int limitProjects, int limitMessages,
            @Nullable UUID projectId) {
        // PostgreSQL text cannot hold NUL
        String query = q.replace((char) 0, ' ').strip();
        if (query.isEmpty()) {
            return SearchResults.empty(query);
        }
        Snippets.Terms terms = Snippets.terms(query);
        List<TaskHit> tasks = clamp(limitTasks) == 0 ? List.of()
                : search.tasks(caller.userId(), query, projectId, clamp(limitTasks)).stream()
                        .map(t -> new TaskHit(t.sessionId(), t.title(), t.status(), t.updatedAt(), t.projectId(),
                                Snippets.match(t.title(), terms), t.rank()))
                        .toList();
        List<ProjectHit> projects = clamp(limitProjects) == 0 ? List.of()
                : search.projects(caller.userId(), query, clamp(limitProjects)).stream()
                        .map(p -> new ProjectHit(p.projectId(), p.name(), Snippets.match(p.name(), terms), p.rank()))
                        .toList();
        List<MessageHit> messages = clamp(limitMessages) == 0 ? List.of()
                : search.messages(caller.userId(), query, projectId, clamp(limitMessages)).stream()
                        .map(m -> {
                            Snippets.Snippet snippet = Snippets.snippet(m.text(), terms, SNIPPET_WIDTH);
                            return new MessageHit(m.id(), m.sessionId(), m.textPreview(), m.createdAt(), m.role(),
                                    m.sessionTitle(), snippet.text(), snippet.highlights(), m.rank());
                        })
                        .toList();
        return new SearchResults(query, tasks, projects, messages);
    }

    private static int clamp(int limit) {
        return Math.max(0, Math.min(MAX_LIMIT, limit));
    }
}
