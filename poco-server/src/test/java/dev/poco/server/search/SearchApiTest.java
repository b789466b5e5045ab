package dev.poco.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.testkit.http.Api;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /search}: full text over titles, project names and whole messages, ranked, any language, scoped. */
class SearchApiTest extends ApiTest {

    @Test
    void findsEnglishWordsByPrefixInTitlesMessagesAndProjectsRankedWithHighlights() {
        FakeRunner fake = new FakeRunner(runner);
        alice.post("/api/v1/projects", Map.of("name", "Deployment scripts")).ok();
        String strong = fake.converse(alice, null, "Deploy the billing service",
                "Deployment done: the deployment of billing finished, deploy logs attached.").path("session_id").asString();
        String weak = fake.converse(alice, null, "Write the quarterly report",
                "I wrote the report. A long note about many other things, the office, the weather, the coffee, "
                        + "lunch plans and in passing one deploy.").path("session_id").asString();

        JsonNode data = search(alice, "deplo");
        assertThat(data.path("query").asString()).isEqualTo("deplo");

        List<String> titles = texts(data.path("tasks"), "title");
        assertThat(titles).containsExactly("Deploy the billing service");
        JsonNode task = data.path("tasks").get(0);
        assertThat(task.path("session_id").asString()).isEqualTo(strong);
        assertThat(task.path("status").asString()).isNotBlank();
        assertThat(task.path("timestamp").asString()).isNotBlank();
        assertThat(highlighted(task.path("title").asString(), task.path("highlights"))).containsExactly("Deploy");

        assertThat(texts(data.path("projects"), "name")).containsExactly("Deployment scripts");

        JsonNode messages = data.path("messages");
        assertThat(texts(messages, "session_id")).as("ranked: the message about deploying first")
                .containsSubsequence(strong, weak);
        assertThat(messages.get(0).path("session_id").asString()).isEqualTo(strong);
        JsonNode best = null;
        for (JsonNode m : messages) {
            if (m.path("text_preview").asString().startsWith("Deployment done")) {
                best = m;
            }
        }
        assertThat(best).as("the reply is found").isNotNull();
        assertThat(best.path("message_id").asLong()).isPositive();
        assertThat(best.path("text_preview").asString()).startsWith("Deployment done");
        assertThat(best.path("role").asString()).isEqualTo("assistant");
        assertThat(highlighted(best.path("snippet").asString(), best.path("highlights")))
                .containsExactly("Deployment", "deployment", "deploy");
        assertThat(best.path("rank").asDouble()).isGreaterThan(messages.get(messages.size() - 1).path("rank").asDouble());
        // the user's prompt is a message too
        assertThat(texts(messages, "role")).contains("user");
    }

    @Test
    void findsChineseAndJapaneseTextWithoutSpacesBetweenWords() {
        FakeRunner fake = new FakeRunner(runner);
        String zh = fake.converse(alice, null, "帮我检查数据库迁移", "数据库迁移已经完成，所有表都已更新。")
                .path("session_id").asString();
        fake.converse(alice, null, "写一份周报", "周报写好了。");
        fake.converse(alice, null, "日本語のテキスト", "東京の天気は晴れです。");

        JsonNode data = search(alice, "迁移");
        assertThat(texts(data.path("tasks"), "session_id")).containsExactly(zh);
        assertThat(texts(data.path("messages"), "session_id")).containsOnly(zh).hasSize(2);
        JsonNode reply = data.path("messages").get(0).path("role").asString().equals("assistant")
                ? data.path("messages").get(0) : data.path("messages").get(1);
        assertThat(highlighted(reply.path("snippet").asString(), reply.path("highlights"))).containsExactly("迁移");

        assertThat(texts(search(alice, "数据库迁移").path("messages"), "text_preview"))
                .containsExactlyInAnyOrder("帮我检查数据库迁移", "数据库迁移已经完成，所有表都已更新。");
        assertThat(texts(search(alice, "天気").path("messages"), "text_preview")).containsExactly("東京の天気は晴れです。");
        assertThat(texts(search(alice, "报").path("tasks"), "title")).as("a single character").containsExactly("写一份周报");
        assertThat(search(alice, "迁移 周报").path("messages")).as("all words are required").isEmpty();
        assertThat(texts(search(alice, "東京").path("messages"), "text_preview")).containsExactly("東京の天気は晴れです。");
    }

    @Test
    void searchesTheWholeTextOfAMessageNotOnlyItsPreview() {
        FakeRunner fake = new FakeRunner(runner);
        String tail = "x".repeat(600) + " the needle is here";
        String session = fake.converse(alice, null, "long answer", "start " + tail).path("session_id").asString();

        JsonNode messages = search(alice, "needle").path("messages");
        assertThat(texts(messages, "session_id")).containsExactly(session);
        String snippet = messages.get(0).path("snippet").asString();
        assertThat(snippet).startsWith("…").endsWith("needle is here").hasSizeLessThan(300);
        assertThat(highlighted(snippet, messages.get(0).path("highlights"))).containsExactly("needle");
    }

    @Test
    void seesOnlyTheCallersLiveChatSessionsAndProjects() {
        FakeRunner fake = new FakeRunner(runner);
        String project = alice.post("/api/v1/projects", Map.of("name", "Zebra project")).ok().path("project_id").asString();
        // queued under another runner's mode, so that `fake` never claims it
        JsonNode inProject = alice.post("/api/v1/tasks", withProject(new FakeRunner(runner).task("zebra crossing"),
                project)).ok();
        String kept = fake.converse(alice, null, "zebra stripes", "zebras are striped").path("session_id").asString();
        String deleted = fake.converse(alice, null, "zebra deleted", "zebra gone").path("session_id").asString();
        alice.delete("/api/v1/sessions/" + deleted).ok();

        JsonNode mine = search(alice, "zebra");
        assertThat(texts(mine.path("tasks"), "session_id"))
                .containsExactlyInAnyOrder(kept, inProject.path("session_id").asString());
        assertThat(texts(mine.path("messages"), "session_id")).doesNotContain(deleted);
        assertThat(texts(mine.path("projects"), "name")).containsExactly("Zebra project");

        JsonNode others = search(bob, "zebra");
        assertThat(others.path("tasks")).isEmpty();
        assertThat(others.path("projects")).isEmpty();
        assertThat(others.path("messages")).isEmpty();

        JsonNode filtered = alice.get("/api/v1/search?q=zebra&project_id=" + project).ok();
        assertThat(texts(filtered.path("tasks"), "session_id")).containsExactly(inProject.path("session_id").asString());
        assertThat(texts(filtered.path("messages"), "session_id")).containsOnly(inProject.path("session_id").asString());
    }

    @Test
    void limitsFollowPocoAndZeroSkipsAList() {
        FakeRunner fake = new FakeRunner(runner);
        for (int i = 0; i < 3; i++) {
            fake.converse(alice, null, "walrus " + i, "walrus reply " + i);
        }
        JsonNode data = alice.get("/api/v1/search?q=walrus&limit_tasks=2&limit_messages=0&limit_projects=0").ok();
        assertThat(data.path("tasks")).hasSize(2);
        assertThat(data.path("messages")).isEmpty();
        assertThat(search(alice, "walrus").path("messages")).hasSize(6);
    }

    @Test
    void blankOrPunctuationOnlyQueriesFindNothing() {
        new FakeRunner(runner).converse(alice, null, "anything at all", "a reply");
        JsonNode blank = alice.get("/api/v1/search?q=%20%20").ok();
        assertThat(blank.path("query").asString()).isEmpty();
        assertThat(blank.path("tasks")).isEmpty();
        assertThat(alice.get("/api/v1/search").ok().path("messages")).isEmpty();
        JsonNode punctuation = search(alice, "?! ... \\ ' \" & | :* ()");
        assertThat(punctuation.path("tasks")).isEmpty();
        assertThat(punctuation.path("messages")).isEmpty();
        assertThat(search(alice, "a\u0000b").path("messages")).isEmpty();
    }

    @Test
    void oversizedQueriesAndLimitsOutOfRangeAre422() {
        alice.get("/api/v1/search?q=" + "a".repeat(201)).error(422, 40000);
        assertThat(alice.get("/api/v1/search?q=" + "a".repeat(200)).ok().path("tasks")).isEmpty();
        alice.get("/api/v1/search?q=" + enc("数".repeat(201))).error(422, 40000);
        alice.get("/api/v1/search?q=a&limit_tasks=21").error(422, 40000);
        alice.get("/api/v1/search?q=a&limit_messages=-1").error(422, 40000);
        alice.get("/api/v1/search?q=a&limit_projects=x").error(422, 40000);
        alice.get("/api/v1/search?q=a&project_id=nope").error(422, 40000);
    }

    private static JsonNode search(Api user, String q) {
        return user.get("/api/v1/search?q=" + enc(q) + "&limit_messages=20&limit_tasks=20").ok();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> withProject(Map<String, Object> task, String projectId) {
        task.put("project_id", projectId);
        return task;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asString()));
        return out;
    }

    private static List<String> highlighted(String text, JsonNode highlights) {
        List<String> out = new ArrayList<>();
        highlights.forEach(h -> out.add(text.substring(h.path("start").asInt(), h.path("end").asInt())));
        return out;
    }
}
