package dev.poco.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.server.projects.ProjectDeleted;
import dev.poco.server.support.ApiTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;

/**
 * {@code projects.ProjectDeleted} goes through Modulith's JDBC event publication registry: it is recorded in
 * {@code event_publication} with the deletion and completed once sessions detached themselves; a publication left
 * incomplete (a server that stopped in between) is delivered again by the resubmission the server runs at start.
 */
class ProjectDeletedPublicationTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IncompleteEventPublications incomplete;

    @Test
    void aDeletedProjectIsRecordedAndCompletedOnceItsSessionsAreDetached() {
        UUID projectId = project();
        String sessionId = session(projectId);

        alice.delete("/api/v1/projects/" + projectId).ok();

        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("project_id").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(completionOf(projectId)).as("publication of ProjectDeleted completed").isTrue());
    }

    @Test
    void anIncompletePublicationIsDeliveredAgainWhenResubmitted() {
        UUID projectId = project();
        String sessionId = session(projectId);
        alice.delete("/api/v1/projects/" + projectId).ok();
        await().atMost(Duration.ofSeconds(10)).until(() -> completionOf(projectId));

        // as if the server had stopped after the deletion committed and before the sessions were detached
        jdbc.sql("UPDATE agent_sessions SET project_id = :project WHERE id = CAST(:session AS uuid)")
                .param("project", projectId).param("session", sessionId).update();
        jdbc.sql("""
                UPDATE event_publication SET completion_date = NULL, status = 'PUBLISHED'
                WHERE event_type = :type AND serialized_event LIKE :event""")
                .param("type", ProjectDeleted.class.getName()).param("event", "%" + projectId + "%").update();
        assertThat(completionOf(projectId)).isFalse();

        incomplete.resubmitIncompletePublications(p -> p.getEvent() instanceof ProjectDeleted d
                && d.projectId().equals(projectId));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("project_id").isNull()).isTrue();
            assertThat(completionOf(projectId)).isTrue();
        });
    }

    private UUID project() {
        return UUID.fromString(alice.post("/api/v1/projects", Map.of("name", "Doomed")).ok()
                .path("project_id").asString());
    }

    private String session(UUID projectId) {
        return alice.post("/api/v1/sessions", Map.of("project_id", projectId)).ok().path("session_id").asString();
    }

    /** Whether the one publication of this project's deletion is completed (fails when there is none). */
    private boolean completionOf(UUID projectId) {
        return jdbc.sql("""
                SELECT completion_date IS NOT NULL FROM event_publication
                WHERE event_type = :type AND serialized_event LIKE :event""")
                .param("type", ProjectDeleted.class.getName()).param("event", "%" + projectId + "%")
                .query(Boolean.class).single();
    }
}
