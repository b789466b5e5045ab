package dev.poco.server.usage;

import dev.poco.protocol.GatewayUsage;
import dev.poco.server.usage.UsageSummary.Day;
import dev.poco.server.usage.UsageSummary.ModelUsage;
import dev.poco.server.usage.UsageSummary.ProjectUsage;
import dev.poco.server.usage.UsageSummary.Totals;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The Usage page's queries: a user's usage logs (through their sessions, deleted ones included: the money was spent)
 * summed by day, project and model. Token counters are read from {@code usage_json}, non-numbers counting 0.
 */
@Repository
class UsageReports {

    private static final String SUMS = """
            coalesce(sum(l.total_cost_usd), 0) AS cost,
            coalesce(sum(%s), 0) AS input_tokens, coalesce(sum(%s), 0) AS output_tokens,
            coalesce(sum(%s), 0) AS cache_creation, coalesce(sum(%s), 0) AS cache_read,
            count(DISTINCT l.run_id) AS runs""".formatted(number("input_tokens"), number("output_tokens"),
            number("cache_creation_input_tokens"), number("cache_read_input_tokens"));

    private static final String FROM = """
            FROM usage_logs l JOIN agent_sessions s ON s.id = l.session_id
            WHERE s.user_id = :user AND l.created_at >= :from""";

    private final JdbcClient jdbc;

    UsageReports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static String number(String key) {
        return "CASE WHEN jsonb_typeof(l.usage_json -> '" + key + "') = 'number' THEN (l.usage_json ->> '" + key
                + "')::numeric ELSE 0 END";
    }

    private static String modelNumber(String key) {
        return "CASE WHEN jsonb_typeof(m.value -> '" + key + "') = 'number' THEN (m.value ->> '" + key
                + "')::numeric ELSE 0 END";
    }

    Totals total(String userId, OffsetDateTime from) {
        return jdbc.sql("SELECT " + SUMS + " " + FROM).param("user", userId).param("from", from)
                .query((rs, i) -> new Totals(rs.getDouble("cost"), rs.getLong("input_tokens"),
                        rs.getLong("output_tokens"), rs.getLong("cache_creation"), rs.getLong("cache_read"),
                        rs.getLong("runs")))
                .single();
    }

    List<Day> byDay(String userId, OffsetDateTime from) {
        return jdbc.sql("SELECT (l.created_at AT TIME ZONE 'UTC')::date AS day, " + SUMS + " " + FROM
                        + " GROUP BY 1 ORDER BY 1")
                .param("user", userId).param("from", from)
                .query((rs, i) -> new Day(rs.getObject("day", LocalDate.class), rs.getDouble("cost"),
                        rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getLong("cache_creation"),
                        rs.getLong("cache_read"), rs.getLong("runs")))
                .list();
    }

    List<ProjectUsage> byProject(String userId, OffsetDateTime from) {
        return jdbc.sql("SELECT s.project_id, p.name, " + SUMS + " " + FROM.replace("WHERE",
                        "LEFT JOIN projects p ON p.id = s.project_id WHERE") + " GROUP BY s.project_id, p.name ORDER BY cost DESC")
                .param("user", userId).param("from", from)
                .query((rs, i) -> new ProjectUsage(rs.getObject("project_id", UUID.class), rs.getString("name"),
                        rs.getDouble("cost"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                        rs.getLong("cache_creation"), rs.getLong("cache_read"), rs.getLong("runs")))
                .list();
    }

    /** Tokens per model from the gateway's {@code models} map (logs of the CLI's self-report have none). */
    List<ModelUsage> byModel(String userId, OffsetDateTime from, Prices prices) {
        return jdbc.sql("""
                SELECT m.key AS model,
                       coalesce(sum(%s), 0) AS input_tokens, coalesce(sum(%s), 0) AS output_tokens,
                       coalesce(sum(%s), 0) AS cache_creation, coalesce(sum(%s), 0) AS cache_read,
                       coalesce(sum(%s), 0) AS requests
                FROM usage_logs l JOIN agent_sessions s ON s.id = l.session_id
                CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(l.usage_json -> 'models') = 'object'
                                                   THEN l.usage_json -> 'models' ELSE '{}'::jsonb END) AS m
                WHERE s.user_id = :user AND l.created_at >= :from AND jsonb_typeof(m.value) = 'object'
                GROUP BY m.key ORDER BY output_tokens DESC, m.key""".formatted(modelNumber("input_tokens"),
                        modelNumber("output_tokens"), modelNumber("cache_creation_input_tokens"),
                        modelNumber("cache_read_input_tokens"), modelNumber("requests")))
                .param("user", userId).param("from", from)
                .query((rs, i) -> {
                    GatewayUsage.Model tokens = new GatewayUsage.Model(rs.getLong("input_tokens"),
                            rs.getLong("output_tokens"), rs.getLong("cache_creation"), rs.getLong("cache_read"),
                            rs.getLong("requests"));
                    String model = rs.getString("model");
                    return new ModelUsage(model, prices.cost(model, tokens), tokens.inputTokens(),
                            tokens.outputTokens(), tokens.cacheCreationInputTokens(), tokens.cacheReadInputTokens(),
                            tokens.requests());
                })
                .list();
    }

    /** Every user with usage since {@code from}: sums per session owner. */
    List<UserUsage> byUser(OffsetDateTime from) {
        return jdbc.sql("SELECT s.user_id, count(DISTINCT s.id) AS sessions, " + SUMS + """
                 FROM usage_logs l JOIN agent_sessions s ON s.id = l.session_id
                WHERE l.created_at >= :from GROUP BY s.user_id""")
                .param("from", from)
                .query((rs, i) -> new UserUsage(rs.getString("user_id"), null, rs.getString("user_id"),
                        rs.getDouble("cost"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                        rs.getLong("cache_creation"), rs.getLong("cache_read"), rs.getLong("runs"),
                        rs.getLong("sessions")))
                .list();
    }

    /** What the user spent since the start of this calendar month (UTC). */
    double spentThisMonth(String userId) {
        OffsetDateTime month = OffsetDateTime.now(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate()
                .atStartOfDay().atOffset(ZoneOffset.UTC);
        Double spent = jdbc.sql("SELECT coalesce(sum(l.total_cost_usd), 0) " + FROM).param("user", userId)
                .param("from", month).query(Double.class).single();
        return spent == null ? 0 : spent;
    }
}
