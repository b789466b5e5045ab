package dev.poco.server.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.server.support.Sdk;
import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Sharing a project inside a team (issue 17 part 5), in {@code trusted_header} mode (any user id can be named: the
 * proxy owns the directory): members CRUD, who may manage them, what a viewer and an editor may do with the project's
 * sessions, and that everyone else is refused exactly as before.
 */
class ProjectSharingApiTest extends ApiTest {

    private static final String VIEW_ONLY = "You have view access to this project";

    @Test
    void theOwnerSharesChangesTheRoleAndRemovesAMember() {
        String project = project(alice, "Shared site");
        JsonNode added = alice.put(members(project) + "/" + id(bob), Map.of("role", "viewer")).ok();
        assertThat(added.path("user_id").asString()).isEqualTo(id(bob));
        assertThat(added.path("role").asString()).isEqualTo("viewer");

        JsonNode list = alice.get(members(project)).ok();
        assertThat(list.findValuesAsString("user_id")).containsExactly(id(alice), id(bob));
        assertThat(list.findValuesAsString("role")).containsExactly("owner", "viewer");

        assertThat(alice.put(members(project) + "/" + id(bob), Map.of("role", "Editor")).ok().path("role")
                .asString()).isEqualTo("editor");
        JsonNode shared = only(bob.get("/api/v1/projects").ok(), project);
        assertThat(shared.path("role").asString()).isEqualTo("editor");
        assertThat(shared.path("owner_name").asString()).isEqualTo(id(alice));
        assertThat(bob.get("/api/v1/projects/" + project).ok().path("role").asString()).isEqualTo("editor");
        JsonNode own = only(alice.get("/api/v1/projects").ok(), project);
        assertThat(own.path("role").asString()).isEqualTo("owner");
        assertThat(own.path("member_count").asInt()).isEqualTo(1);
        assertThat(own.path("owner_name").isNull()).isTrue();
        assertThat(bob.get(members(project)).ok().findValuesAsString("user_id")).as("members see who else is in")
                .contains(id(alice), id(bob));

        alice.delete(members(project) + "/" + id(bob)).ok();
        assertThat(bob.get("/api/v1/projects").ok().findValuesAsString("project_id")).doesNotContain(project);
        bob.get("/api/v1/projects/" + project).error(404, 14001);
        alice.delete(members(project) + "/" + id(bob)).error(404, 10001);
    }

    @Test
    void badSharesAreRefusedWithAClearMessage() {
        String project = project(alice, "Careful");
        assertThat(alice.put(members(project) + "/" + id(alice), Map.of("role", "viewer")).error(400, 40000)
                .message()).contains("yourself");
        assertThat(alice.put(members(project) + "/" + id(bob), Map.of("role", "admin")).error(400, 40000)
                .message()).contains("viewer or editor");
        assertThat(alice.put(members(project) + "/" + id(bob), Map.of()).error(400, 40000).message())
                .contains("viewer or editor");
        alice.put(members(project) + "/" + id(bob), "{not json").error(400, 40000);
        alice.put(members(project) + "/" + "x".repeat(300), Map.of("role", "viewer")).error(400, 40000);
        alice.put(members("not-a-uuid") + "/" + id(bob), Map.of("role", "viewer")).error(422, 40000);
        alice.put(members(UUID.randomUUID().toString()) + "/" + id(bob), Map.of("role", "viewer")).error(404, 14001);
    }

    @Test
    void onlyTheOwnerOrAnAdminManagesMembers() {
        String project = project(alice, "Owned");
        Api carol = anonymous.as("carol-" + UUID.randomUUID());
        Api dave = anonymous.as("dave-" + UUID.randomUUID());
        // a stranger: the project does not exist for them, as before sharing
        bob.put(members(project) + "/" + id(carol), Map.of("role", "viewer")).error(404, 14001);
        bob.get(members(project)).error(404, 14001);
        bob.delete(members(project) + "/" + id(carol)).error(404, 14001);

        alice.put(members(project) + "/" + id(bob), Map.of("role", "editor")).ok();
        alice.put(members(project) + "/" + id(carol), Map.of("role", "viewer")).ok();
        assertThat(bob.put(members(project) + "/" + id(dave), Map.of("role", "viewer")).error(403, 40300).message())
                .isEqualTo("You have edit access to this project: only its owner can manage who it is shared with");
        bob.delete(members(project) + "/" + id(carol)).error(403, 40300);
        assertThat(carol.put(members(project) + "/" + id(carol), Map.of("role", "editor")).error(403, 40300)
                .message()).startsWith(VIEW_ONLY);
        assertThat(bob.delete("/api/v1/projects/" + project).error(403, 40300).message())
                .contains("You have edit access to this project");
        assertThat(carol.patch("/api/v1/projects/" + project, Map.of("name", "Mine now")).error(403, 40300)
                .message()).contains(VIEW_ONLY);

        carol.delete(members(project) + "/" + id(carol)).ok(); // a member may leave
        carol.get("/api/v1/projects/" + project).error(404, 14001);

        Api admin = anonymous.as(ADMIN_USER);
        admin.put(members(project) + "/" + id(dave), Map.of("role", "viewer")).ok();
        assertThat(admin.get(members(project)).ok().findValuesAsString("user_id")).contains(id(dave));
        admin.delete(members(project) + "/" + id(dave)).ok();
        assertThat(alice.get("/api/v1/projects/" + project).ok().path("name").asString()).isEqualTo("Owned");
    }

    @Test
    void aViewerReadsTheProjectsSessionsButEveryWriteIsRefused() {
        FakeRunner fake = new FakeRunner(runner);
        String project = project(alice, "Read me");
        String[] ids = conversation(fake, alice, project, "Summarise the report", "Here is the summary");
        String session = ids[0];
        String run = ids[1];
        alice.put(members(project) + "/" + id(bob), Map.of("role", "viewer")).ok();

        String s = "/api/v1/sessions/" + session;
        assertThat(bob.get(s).ok().path("user_id").asString()).isEqualTo(id(alice));
        bob.get(s + "/state").ok();
        JsonNode messages = bob.get(s + "/messages").ok();
        assertThat(messages.toString()).contains("Here is the summary");
        bob.get("/api/v1/messages/" + messages.get(0).path("id").asString()).ok();
        assertThat(bob.get(s + "/messages-with-files").ok().toString()).contains("Summarise the report");
        bob.get(s + "/messages-with-files/delta").ok();
        bob.get(s + "/message-attachments").ok();
        bob.get(s + "/tool-executions").ok();
        bob.get(s + "/usage").ok();
        bob.get(s + "/network").ok();
        bob.get(s + "/local-folders").ok();
        bob.get("/api/v1/runs/session/" + session).ok();
        bob.get("/api/v1/runs/" + run).ok();
        assertThat(bob.get("/api/v1/sessions?project_id=" + project).ok().findValuesAsString("session_id"))
                .containsExactly(session);
        assertThat(bob.get("/api/v1/sessions").ok().findValuesAsString("session_id")).contains(session);

        assertViewOnly(bob.post("/api/v1/tasks", fake.followUp(session, "Do more")));
        Map<String, Object> inProject = fake.task("New task");
        inProject.put("project_id", project);
        assertViewOnly(bob.post("/api/v1/tasks", inProject));
        assertViewOnly(bob.post("/api/v1/sessions", Map.of("project_id", project)));
        assertViewOnly(bob.patch(s, Map.of("title", "Renamed by a viewer")));
        assertViewOnly(bob.post(s + "/cancel", Map.of()));
        assertViewOnly(bob.delete(s));
        long user = messages.get(0).path("id").asLong();
        long assistant = messages.get(1).path("id").asLong();
        assertViewOnly(bob.post(s + "/regenerate", Map.of("user_message_id", user, "assistant_message_id",
                assistant)));
        assertViewOnly(bob.post(s + "/edit-message", Map.of("user_message_id", user, "content", "changed")));
        assertViewOnly(bob.post(s + "/branch", Map.of("message_id", assistant)));
        assertViewOnly(bob.post(s + "/repository/push", Map.of()));
        assertViewOnly(bob.patch("/api/v1/projects/" + project, Map.of("name", "Renamed")));
        assertViewOnly(bob.delete("/api/v1/projects/" + project));

        JsonNode after = alice.get(s).ok();
        assertThat(after.path("title").isNull() || !after.path("title").asString().contains("viewer")).isTrue();
        assertThat(alice.get("/api/v1/runs/session/" + session).ok()).hasSize(1);
    }

    @Test
    void aViewerCannotAnswerTheSessionsQuestionsButSeesThem() {
        String project = project(alice, "Questions");
        String session = alice.post("/api/v1/sessions", Map.of("project_id", project)).ok().path("session_id")
                .asString();
        String question = runner.post("/api/v1/internal/user-input-requests", Map.of("session_id", session,
                "tool_name", "AskUserQuestion", "expires_at", java.time.OffsetDateTime.now().plusHours(1).toString(),
                "tool_input", Map.of("questions", List.of(Map.of("question", "Which one?"))))).ok().path("id")
                .asString();
        alice.put(members(project) + "/" + id(bob), Map.of("role", "viewer")).ok();
        assertThat(bob.get("/api/v1/user-input-requests?session_id=" + session).ok().findValuesAsString("id"))
                .containsExactly(question);
        assertViewOnly(bob.post("/api/v1/user-input-requests/" + question + "/answer",
                Map.of("answers", Map.of("Which one?", "this"))));

        alice.put(members(project) + "/" + id(bob), Map.of("role", "editor")).ok();
        bob.post("/api/v1/user-input-requests/" + question + "/answer", Map.of("answers", Map.of("Which one?",
                "this"))).ok();
    }

    @Test
    void anEditorFollowsUpAndStartsTasksButCannotDeleteTheOwnersSessions() {
        FakeRunner fake = new FakeRunner(runner);
        String project = project(alice, "Team work");
        String session = conversation(fake, alice, project, "First", "First answer")[0];
        alice.put(members(project) + "/" + id(bob), Map.of("role", "editor")).ok();

        JsonNode followUp = bob.post("/api/v1/tasks", fake.followUp(session, "Second")).ok();
        assertThat(followUp.path("session_id").asString()).isEqualTo(session);
        JsonNode claimed = fake.claimQueued();
        assertThat(claimed.path("user_id").asString()).as("the run acts as the session's owner")
                .isEqualTo(id(alice));
        assertThat(alice.get("/api/v1/sessions/" + session + "/messages").ok().toString()).contains("Second");
        bob.patch("/api/v1/sessions/" + session, Map.of("title", "Renamed by the editor")).ok();
        bob.post("/api/v1/sessions/" + session + "/cancel", Map.of()).ok();

        Map<String, Object> inProject = fake.task("Bob's own task");
        inProject.put("project_id", project);
        String bobsSession = bob.post("/api/v1/tasks", inProject).ok().path("session_id").asString();
        assertThat(alice.get("/api/v1/sessions?project_id=" + project).ok().findValuesAsString("session_id"))
                .as("the owner sees the editor's session in the project").contains(session, bobsSession);
        alice.get("/api/v1/sessions/" + bobsSession).ok();

        assertThat(bob.delete("/api/v1/sessions/" + session).error(403, 40300).message())
                .contains("You have edit access to this project");
        bob.patch("/api/v1/sessions/" + session, noProject()).error(403, 40300);
        bob.put(members(project) + "/" + id(anonymous.as("eve-" + UUID.randomUUID())), Map.of("role", "viewer"))
                .error(403, 40300);
        bob.delete("/api/v1/projects/" + project).error(403, 40300);
        alice.get("/api/v1/sessions/" + session).ok();
    }

    @Test
    void strangersAreRefusedAsBeforeAndRemovedMembersLoseAccess() {
        FakeRunner fake = new FakeRunner(runner);
        String project = project(alice, "Private");
        String session = conversation(fake, alice, project, "Secret", "Secret answer")[0];
        alice.put(members(project) + "/" + id(bob), Map.of("role", "viewer")).ok();
        Api carol = anonymous.as("carol-" + UUID.randomUUID());

        assertThat(carol.get("/api/v1/sessions/" + session).error(403, 40300).message())
                .isEqualTo("Session does not belong to the user");
        carol.get("/api/v1/sessions/" + session + "/messages").error(403, 40300);
        carol.get("/api/v1/projects/" + project).error(404, 14001);
        assertThat(carol.get("/api/v1/sessions?project_id=" + project).ok()).isEmpty();
        assertThat(carol.get("/api/v1/sessions").ok().findValuesAsString("session_id")).doesNotContain(session);

        alice.delete(members(project) + "/" + id(bob)).ok();
        bob.get("/api/v1/sessions/" + session).error(403, 40300);
        assertThat(bob.get("/api/v1/sessions").ok().findValuesAsString("session_id")).doesNotContain(session);

        // a session moved out of the project is no longer shared
        alice.put(members(project) + "/" + id(bob), Map.of("role", "viewer")).ok();
        bob.get("/api/v1/sessions/" + session).ok();
        alice.patch("/api/v1/sessions/" + session, noProject()).ok();
        bob.get("/api/v1/sessions/" + session).error(403, 40300);
    }

    @Test
    void anAdminSeesEveryUsersUsageAndOthersAreRefused() {
        FakeRunner fake = new FakeRunner(runner);
        usage(fake, alice, 0.25, 300);
        usage(fake, bob, 0.5, 100);
        Api admin = anonymous.as(ADMIN_USER);
        JsonNode all = admin.get("/api/v1/admin/usage?days=7").ok();
        JsonNode a = byUser(all, id(alice));
        assertThat(a.path("cost_usd").asDouble()).isEqualTo(0.25);
        assertThat(a.path("input_tokens").asLong()).isEqualTo(300);
        assertThat(a.path("runs").asLong()).isEqualTo(1);
        assertThat(a.path("sessions").asLong()).isEqualTo(1);
        assertThat(a.path("display_name").asString()).isEqualTo(id(alice));
        assertThat(byUser(all, id(bob)).path("cost_usd").asDouble()).isEqualTo(0.5);

        assertThat(alice.get("/api/v1/admin/usage").error(403, 40300).message()).contains("admin");
        anonymous.get("/api/v1/admin/usage").error(401, 40100);
        admin.get("/api/v1/admin/usage?days=0").error(422, 40000);
        admin.get("/api/v1/admin/usage?days=abc").error(422, 40000);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static void assertViewOnly(Reply reply) {
        assertThat(reply.error(403, 40300).message()).startsWith(VIEW_ONLY);
    }

    private static Map<String, Object> noProject() {
        Map<String, Object> body = new HashMap<>();
        body.put("project_id", null);
        return body;
    }

    private static String members(String project) {
        return "/api/v1/projects/" + project + "/members";
    }

    private static String id(Api user) {
        return user.headers().get("X-User-Id");
    }

    private static String project(Api owner, String name) {
        return owner.post("/api/v1/projects", Map.of("name", name)).ok().path("project_id").asString();
    }

    private static JsonNode only(JsonNode list, String projectId) {
        for (JsonNode p : list) {
            if (p.path("project_id").asString().equals(projectId)) {
                return p;
            }
        }
        throw new AssertionError("project " + projectId + " not in " + list);
    }

    private static JsonNode byUser(JsonNode list, String userId) {
        for (JsonNode u : list) {
            if (u.path("user_id").asString().equals(userId)) {
                return u;
            }
        }
        throw new AssertionError("user " + userId + " not in " + list);
    }

    /** A finished run in the project: the session and run ids. */
    private String[] conversation(FakeRunner fake, Api owner, String project, String prompt, String reply) {
        Map<String, Object> body = new HashMap<>(fake.task(prompt));
        body.put("project_id", project);
        JsonNode task = owner.post("/api/v1/tasks", body).ok();
        String session = task.path("session_id").asString();
        String run = task.path("run_id").asString();
        fake.start(run);
        fake.send(session, run, Sdk.assistantText(reply));
        fake.complete(session, run);
        return new String[] {session, run};
    }

    private void usage(FakeRunner fake, Api user, double cost, int inputTokens) {
        JsonNode task = user.post("/api/v1/tasks", fake.task("Spend")).ok();
        String session = task.path("session_id").asString();
        String run = task.path("run_id").asString();
        fake.start(run);
        fake.send(session, run, Sdk.result(cost, 1000, Map.of("input_tokens", inputTokens, "output_tokens", 1)));
        fake.complete(session, run);
    }
}
