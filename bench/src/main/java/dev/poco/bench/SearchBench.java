package dev.poco.bench;

import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code search}: {@code GET /api/v1/search} over one user's 10,000 messages (and another user's 2,000, which must not
 * count), in English and in Chinese. The history is seeded straight into the database (the message index is kept by
 * its trigger, as for messages the callbacks store); each query is then asked through the API with poco's default
 * limits, so every answer holds ranked tasks, projects and messages with their snippets.
 */
final class SearchBench {

    static final int MESSAGES = 10_000;
    static final int SESSIONS = 200;
    static final int OTHER_USER_MESSAGES = 2_000;
    static final int WARMUP = 5;
    static final int ROUNDS = 40;
    static final double TARGET_P95_MILLIS = 100;

    static final List<String> ENGLISH_QUERIES = List.of("deploy", "database migration", "kube", "login bug",
            "performance", "rollback schedule");
    static final List<String> CHINESE_QUERIES = List.of("数据库", "迁移", "登录 失败", "性能 优化", "部署", "回滚 计划");

    private static final String[] ENGLISH = ("deploy deployment database migration kubernetes pods cluster login bug "
            + "performance tuning latency cache index query schema rollback schedule release notes review test "
            + "failure retry timeout network proxy certificate token session user project report weekly budget "
            + "invoice customer dashboard chart metrics alert incident postmortem backup restore storage bucket "
            + "upload download archive service endpoint gateway model prompt answer summary document draft "
            + "meeting agenda roadmap milestone feature request issue branch merge commit refactor cleanup "
            + "the a of to and in for with on is was it that this").split(" ");
    private static final String[] CHINESE = ("数据库 迁移 部署 集群 登录 失败 性能 优化 延迟 缓存 索引 查询 回滚 计划 发布 "
            + "测试 重试 超时 网络 代理 证书 用户 项目 报告 周报 预算 客户 仪表盘 指标 告警 事故 复盘 备份 恢复 存储 上传 "
            + "下载 服务 接口 网关 模型 总结 文档 草稿 会议 议程 路线图 里程碑 功能 需求 分支 合并 提交 重构 的 了 和 在 是")
            .split(" ");

    /** Of the words of a message, the share taken from the topic words above; the rest is filler. */
    static final double TOPIC_SHARE = 0.1;
    static final int FILLER_WORDS = 3000;
    private static final String[] SYLLABLES = ("ka ri to me lo sa ne vu pi da ko ru te mi na so be ga li zo fe "
            + "ha ju ki mo pa re si ta wu yo ce di fo gu hi ja ke lu ma no").split(" ");

    private final Product product;
    private final String databaseUrl;
    private final String[] englishFiller;
    private final String[] chineseFiller;
    private final JsonMapper json = JsonMapper.builder().build();

    SearchBench(Product product, String databaseUrl) {
        this.product = product;
        this.databaseUrl = databaseUrl;
        Random random = new Random(7);
        this.englishFiller = new String[FILLER_WORDS];
        this.chineseFiller = new String[FILLER_WORDS];
        for (int i = 0; i < FILLER_WORDS; i++) {
            StringBuilder word = new StringBuilder();
            for (int k = 2 + random.nextInt(2); k > 0; k--) {
                word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            englishFiller[i] = word.toString();
            // two of the 3,000 first CJK ideographs, most of them common
            chineseFiller[i] = new String(new char[] {(char) (0x4e00 + random.nextInt(3000)),
                    (char) (0x4e00 + random.nextInt(3000))});
        }
    }

    void run(PrintStream out, Figures figures) throws Exception {
        String userId = "bench-search-" + UUID.randomUUID();
        long seedStarted = System.nanoTime();
        seed(userId, MESSAGES, new Random(14));
        seed("bench-search-other-" + UUID.randomUUID(), OTHER_USER_MESSAGES, new Random(41));
        double seedSeconds = (System.nanoTime() - seedStarted) / 1e9;
        Bench.progress("seeded %d + %d messages in %.1f s", MESSAGES, OTHER_USER_MESSAGES, seedSeconds);

        Api user = product.user(userId);
        Samples english = new Samples();
        Samples chinese = new Samples();
        Samples all = new Samples();
        long[] hits = new long[1];
        measure(user, ENGLISH_QUERIES, english, all, hits);
        measure(user, CHINESE_QUERIES, chinese, all, hits);

        String target = "p95 < " + (int) TARGET_P95_MILLIS + " ms: ";
        Bench.section(out, "search", "full-text search over 10,000 messages",
                "One user's " + MESSAGES + " messages in " + SESSIONS + " sessions (English and Chinese text, 20 to 150 "
                        + "words each, " + Math.round(TOPIC_SHARE * 100) + "% of them from about 80 topic words the queries "
                        + "use, the rest from " + FILLER_WORDS + " filler words) and another user's " + OTHER_USER_MESSAGES + " are seeded into the database; "
                        + "each query is then asked " + ROUNDS + " times (after " + WARMUP + " warm-ups) through GET "
                        + "/api/v1/search with poco's default limits (10 tasks, 5 projects, 10 messages with snippets), "
                        + "timed at the client. English: " + String.join(", ", ENGLISH_QUERIES) + ". Chinese: "
                        + String.join(", ", CHINESE_QUERIES) + ".");
        new Table(Table.LATENCY)
                .latency("English queries", english, target + Bench.verdict(english.percentileMillis(0.95) < TARGET_P95_MILLIS))
                .latency("Chinese queries", chinese, target + Bench.verdict(chinese.percentileMillis(0.95) < TARGET_P95_MILLIS))
                .latency("all queries", all, target + Bench.verdict(all.percentileMillis(0.95) < TARGET_P95_MILLIS))
                .print(out);
        out.printf("  %.1f results per answer on average; seeding took %.1f s%n",
                (double) hits[0] / Math.max(1, all.size()), seedSeconds);
        figures.heading("search, in this JVM (10,000 messages of one user)");
        figures.latency("search: English query answered", english, 0.95,
                "GET /api/v1/search, ranked tasks, projects and messages with snippets");
        figures.latency("search: Chinese query answered", chinese, 0.95, "the same with Chinese text (character pairs)");
    }

    private void measure(Api user, List<String> queries, Samples samples, Samples all, long[] hits) {
        for (String query : queries) {
            String path = "/api/v1/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
            for (int i = 0; i < WARMUP + ROUNDS; i++) {
                long start = System.nanoTime();
                Reply reply = user.get(path);
                long took = System.nanoTime() - start;
                if (reply.status() != 200) {
                    throw new IllegalStateException("search for " + query + " answered " + reply.body());
                }
                if (i == 0 && reply.data().path("messages").isEmpty()) {
                    throw new IllegalStateException("search for " + query + " found no message: the seed is wrong");
                }
                if (i >= WARMUP) {
                    samples.add(took);
                    all.add(took);
                    hits[0] += reply.data().path("tasks").size() + reply.data().path("projects").size()
                            + reply.data().path("messages").size();
                }
            }
        }
    }

    /** {@code count} messages of {@code userId} in {@link #SESSIONS} sessions (and 5 projects), a third in Chinese. */
    private void seed(String userId, int count, Random random) throws Exception {
        try (Connection c = Machine.connect(databaseUrl)) {
            c.setAutoCommit(false);
            List<String> projects = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO projects (user_id, name) VALUES (?, ?) RETURNING id")) {
                for (int p = 0; p < 5; p++) {
                    st.setString(1, userId);
                    st.setString(2, p % 2 == 0 ? "Project " + words(ENGLISH, 2, random) : "项目" + words(CHINESE, 2, random));
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        projects.add(rs.getString(1));
                    }
                }
            }
            List<String> sessions = new ArrayList<>();
            List<Boolean> chineseSession = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("INSERT INTO agent_sessions (user_id, project_id, title, "
                    + "kind, status) VALUES (?, CAST(? AS uuid), ?, 'chat', 'completed') RETURNING id")) {
                for (int s = 0; s < SESSIONS; s++) {
                    boolean chinese = s % 3 == 0;
                    st.setString(1, userId);
                    st.setString(2, s % 4 == 0 ? projects.get(s % projects.size()) : null);
                    st.setString(3, chinese ? words(CHINESE, 4, random).replace(" ", "")
                            : capitalise(words(ENGLISH, 5, random)));
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        sessions.add(rs.getString(1));
                    }
                    chineseSession.add(chinese);
                }
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO agent_messages (session_id, role, content, "
                    + "text_preview) VALUES (CAST(? AS uuid), ?, CAST(? AS jsonb), ?)")) {
                for (int m = 0; m < count; m++) {
                    int s = m % SESSIONS;
                    boolean user = m % 2 == 0;
                    int length = 20 + random.nextInt(131);
                    String text = chineseSession.get(s) ? text(CHINESE, chineseFiller, length, random).replace(" ", "")
                            : capitalise(text(ENGLISH, englishFiller, length, random)) + ".";
                    ObjectNode content = json.createObjectNode();
                    content.put("_type", user ? "UserMessage" : "AssistantMessage");
                    ObjectNode block = content.putArray("content").addObject();
                    block.put("_type", "TextBlock");
                    block.put("text", text);
                    st.setString(1, sessions.get(s));
                    st.setString(2, user ? "user" : "assistant");
                    st.setString(3, json.writeValueAsString(content));
                    st.setString(4, text.length() > 500 ? text.substring(0, 500) : text);
                    st.addBatch();
                    if (m % 500 == 499) {
                        st.executeBatch();
                    }
                }
                st.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true); // statistics gathered in a transaction that is never committed are lost
            try (var st = c.createStatement()) {
                st.execute("ANALYZE agent_messages, message_search, agent_sessions, projects");
            }
        }
    }

    /** {@code n} words, each a topic word with probability {@link #TOPIC_SHARE}, else a filler word. */
    private static String text(String[] topics, String[] filler, int n, Random random) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(random.nextDouble() < TOPIC_SHARE ? topics[random.nextInt(topics.length)]
                    : filler[random.nextInt(filler.length)]);
        }
        return out.toString();
    }

    private static String words(String[] vocabulary, int n, Random random) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(vocabulary[random.nextInt(vocabulary.length)]);
        }
        return out.toString();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
