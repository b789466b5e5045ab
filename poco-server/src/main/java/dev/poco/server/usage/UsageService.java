package dev.poco.server.usage;

import dev.poco.protocol.EventType;
import dev.poco.protocol.GatewayUsage;
import dev.poco.protocol.UsageView;
import dev.poco.server.auth.Caller;
import dev.poco.server.auth.UserDirectory;
import dev.poco.server.common.Json;
import dev.poco.server.events.SessionEvents;
import dev.poco.server.sessions.SessionService;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Records usage logs and aggregates them (reference §3.8). */
@Service
public class UsageService {

    /** poco aggregates a session's first 100 logs. */
    private static final int SESSION_LOG_LIMIT = 100;

    private final JdbcClient jdbc;
    private final Json json;
    private final SessionEvents events;
    private final SessionService sessions;

    private final UsageProperties properties;
    private final Prices prices;

    private final UsageReports reports;
    private final UserDirectory directory;

    UsageService(JdbcClient jdbc, Json json, SessionEvents events, SessionService sessions,
            UsageProperties properties, UsageReports reports, UserDirectory directory) {
        this.directory = directory;
        this.properties = properties;
        this.reports = reports;
        this.prices = Prices.of(properties.prices());
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
        this.sessions = sessions;
    }

    private record Log(@Nullable UUID runId, @Nullable BigDecimal cost, @Nullable Integer durationMs,
            @Nullable JsonNode usage) {}

    @Transactional
    public void record(UUID sessionId, @Nullable UUID runId, @Nullable BigDecimal costUsd, @Nullable Integer durationMs,
            JsonNode usage) {
        jdbc.sql("""
                INSERT INTO usage_logs (session_id, run_id, total_cost_usd, duration_ms, usage_json)
                VALUES (:session, :run, :cost, :duration, CAST(:usage AS jsonb))""")
                .param("session", sessionId).param("run", runId).param("cost", costUsd)
                .param("duration", durationMs).param("usage", json.write(usage)).update();
        ObjectNode payload = json.object();
        payload.put("run_id", runId == null ? null : runId.toString());
        payload.set("usage", json.toTree(aggregate(List.of(new Log(runId, costUsd, durationMs, usage)))));
        events.append(sessionId, runId, EventType.USAGE_RECORDED, payload);
    }

    /**
     * Records what the runner's model gateway metered as the run's usage, replacing the usage the CLI reported for
     * the run in its result message (which the sandbox could forge): the tokens are the gateway's; the cost is the
     * gateway's when it knew one, else the tokens priced by model family ({@link Prices}), else (a model without a
     * price) the CLI's; the duration stays the CLI's, since the gateway does not see the turn.
     */
    @Transactional
    public void recordMetered(UUID sessionId, UUID runId, GatewayUsage metered) {
        List<Log> reported = logs("run_id = :id ORDER BY created_at, id", runId);
        Double priced = metered.costUsd() != null ? metered.costUsd() : prices.cost(metered);
        BigDecimal cost = priced != null ? BigDecimal.valueOf(priced).setScale(6, java.math.RoundingMode.HALF_UP)
                : reported.stream().map(Log::cost).filter(java.util.Objects::nonNull)
                        .reduce(BigDecimal::add).orElse(null);
        Integer duration = reported.stream().map(Log::durationMs).filter(java.util.Objects::nonNull)
                .reduce(Integer::sum).orElse(null);
        ObjectNode usage = json.object();
        usage.put("input_tokens", metered.inputTokens());
        usage.put("output_tokens", metered.outputTokens());
        usage.put("cache_creation_input_tokens", metered.cacheCreationInputTokens());
        usage.put("cache_read_input_tokens", metered.cacheReadInputTokens());
        usage.put("model_requests", metered.requests());
        usage.put("usage_source", "gateway");
        usage.put("cost_source", metered.costUsd() != null ? "gateway" : priced != null ? "price_table" : "cli");
        usage.set("models", json.toTree(metered.models()));
        jdbc.sql("DELETE FROM usage_logs WHERE run_id = :run").param("run", runId).update();
        record(sessionId, runId, cost, duration, usage);
    }

    /**
     * Copies usage logs into a branched session: those without a run, and those whose run was
     * copied ({@code runMap}: old run id to new run id).
     */
    @Transactional
    public void copyInto(UUID fromSession, UUID toSession, Map<UUID, UUID> runMap) {
        jdbc.sql("""
                INSERT INTO usage_logs (session_id, run_id, total_cost_usd, duration_ms, usage_json)
                SELECT :to, NULL, total_cost_usd, duration_ms, usage_json
                FROM usage_logs WHERE session_id = :from AND run_id IS NULL ORDER BY created_at, id""")
                .param("to", toSession).param("from", fromSession).update();
        for (var entry : runMap.entrySet()) {
            jdbc.sql("""
                    INSERT INTO usage_logs (session_id, run_id, total_cost_usd, duration_ms, usage_json)
                    SELECT :to, :newRun, total_cost_usd, duration_ms, usage_json
                    FROM usage_logs WHERE run_id = :oldRun ORDER BY created_at, id""")
                    .param("to", toSession).param("newRun", entry.getValue()).param("oldRun", entry.getKey()).update();
        }
    }

    @Transactional(readOnly = true)
    public UsageView forSession(Caller caller, UUID sessionId) {
        sessions.requireReadable(caller, sessionId);
        return aggregate(logs("session_id = :id ORDER BY created_at, id LIMIT " + SESSION_LOG_LIMIT, sessionId));
    }

    /**
     * Every user's usage over the last {@code days} days, for the admin: each account (with zeros when it used
     * nothing) and each other user id that ran tasks, the biggest spender first.
     */
    @Transactional(readOnly = true)
    public List<UserUsage> perUser(int days) {
        java.time.OffsetDateTime since = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(days - 1L)
                .atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
        Map<String, UserUsage> byId = new java.util.LinkedHashMap<>();
        for (UserDirectory.DirectoryUser u : directory.all()) {
            byId.put(u.userId(), new UserUsage(u.userId(), u.username(), u.displayName(), 0, 0, 0, 0, 0, 0, 0));
        }
        for (UserUsage used : reports.byUser(since)) {
            UserUsage account = byId.get(used.userId());
            byId.put(used.userId(), account == null ? used : new UserUsage(used.userId(), account.username(),
                    account.displayName(), used.costUsd(), used.inputTokens(), used.outputTokens(),
                    used.cacheCreationInputTokens(), used.cacheReadInputTokens(), used.runs(), used.sessions()));
        }
        return byId.values().stream().sorted(java.util.Comparator.comparingDouble(UserUsage::costUsd).reversed()
                .thenComparing(UserUsage::displayName)).toList();
    }

    /** The Usage page: the caller's last {@code days} days (UTC, today included) and the budget. */
    @Transactional(readOnly = true)
    public UsageSummary summary(Caller caller, int days) {
        java.time.LocalDate to = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        java.time.LocalDate from = to.minusDays(days - 1L);
        java.time.OffsetDateTime since = from.atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
        String user = caller.userId();
        return new UsageSummary(from, to, reports.total(user, since), reports.byDay(user, since),
                reports.byProject(user, since), reports.byModel(user, since, prices), budget(user));
    }

    /**
     * Refuses a new task when the user's spend this month has reached {@code POCO_USAGE_MONTHLY_BUDGET_USD}
     * (BALANCE_INSUFFICIENT, 403, with the figures); nothing without a budget.
     */
    @Transactional(readOnly = true)
    public void requireWithinBudget(Caller caller) {
        overBudget(caller.userId()).ifPresent(budget -> {
            throw new dev.poco.server.common.PocoException(dev.poco.server.common.ErrorCode.BALANCE_INSUFFICIENT,
                    budgetReached(budget),
                    Map.of("monthly_budget_usd", budget.monthlyBudgetUsd(), "spent_usd", budget.spentUsd()));
        });
    }

    /**
     * Why a scheduled fire is skipped, when the user's spend this month has reached the budget: the message
     * {@link #requireWithinBudget} gives; empty within budget or without one.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<String> budgetRefusal(String userId) {
        return overBudget(userId).map(UsageService::budgetReached);
    }

    private java.util.Optional<UsageSummary.Budget> overBudget(String userId) {
        if (!properties.hasBudget()) {
            return java.util.Optional.empty();
        }
        UsageSummary.Budget budget = budget(userId);
        return budget.exceeded() ? java.util.Optional.of(budget) : java.util.Optional.empty();
    }

    private static String budgetReached(UsageSummary.Budget budget) {
        return String.format(java.util.Locale.ROOT, "Monthly budget reached: $%.2f of $%.2f spent this month"
                + " (UTC); new tasks start again next month or when POCO_USAGE_MONTHLY_BUDGET_USD is raised",
                budget.spentUsd(), budget.monthlyBudgetUsd());
    }

    private UsageSummary.Budget budget(String userId) {
        double spent = reports.spentThisMonth(userId);
        Double limit = properties.monthlyBudgetUsd();
        if (limit == null || limit <= 0) {
            return new UsageSummary.Budget(null, spent, null, false);
        }
        return new UsageSummary.Budget(limit, spent, Math.max(0, limit - spent), spent >= limit);
    }

    /** A run's usage, or null when it has no logs (poco's RunResponse.usage). */
    @Transactional(readOnly = true)
    public @Nullable UsageView forRun(UUID runId) {
        List<Log> logs = logs("run_id = :id ORDER BY created_at, id", runId);
        return logs.isEmpty() ? null : aggregate(logs);
    }

    /** Usage per run for a page of runs; runs without logs are absent from the map. */
    @Transactional(readOnly = true)
    public Map<UUID, UsageView> forRuns(Collection<UUID> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, List<Log>> byRun = new LinkedHashMap<>();
        jdbc.sql("SELECT * FROM usage_logs WHERE run_id IN (:ids) ORDER BY created_at, id")
                .param("ids", runIds)
                .query((rs, i) -> new Log(rs.getObject("run_id", UUID.class), rs.getBigDecimal("total_cost_usd"),
                        rs.getObject("duration_ms", Integer.class), json.read(rs.getString("usage_json"))))
                .list()
                .forEach(log -> byRun.computeIfAbsent(log.runId(), k -> new ArrayList<>()).add(log));
        Map<UUID, UsageView> result = new HashMap<>();
        byRun.forEach((run, logs) -> result.put(run, aggregate(logs)));
        return result;
    }

    private List<Log> logs(String where, UUID id) {
        return jdbc.sql("SELECT * FROM usage_logs WHERE " + where)
                .param("id", id)
                .query((rs, i) -> new Log(rs.getObject("run_id", UUID.class), rs.getBigDecimal("total_cost_usd"),
                        rs.getObject("duration_ms", Integer.class), json.read(rs.getString("usage_json"))))
                .list();
    }

    /** Sums cost and duration; merges usage_json numbers by key (bools count as 0/1), others last-wins. */
    private UsageView aggregate(List<Log> logs) {
        if (logs.isEmpty()) {
            return UsageView.EMPTY;
        }
        double cost = 0;
        boolean anyCost = false;
        long duration = 0;
        boolean anyDuration = false;
        ObjectNode merged = json.object();
        for (Log log : logs) {
            if (log.cost() != null) {
                cost += log.cost().doubleValue();
                anyCost = true;
            }
            if (log.durationMs() != null) {
                duration += log.durationMs();
                anyDuration = true;
            }
            if (log.usage() != null && log.usage().isObject()) {
                for (var entry : log.usage().properties()) {
                    JsonNode value = entry.getValue();
                    JsonNode existing = merged.get(entry.getKey());
                    if (isNumeric(value) && (existing == null || isNumeric(existing))) {
                        double sum = numeric(value) + (existing == null ? 0 : numeric(existing));
                        if (sum == Math.rint(sum) && Math.abs(sum) < 1e15) {
                            merged.put(entry.getKey(), (long) sum);
                        } else {
                            merged.put(entry.getKey(), sum);
                        }
                    } else {
                        merged.set(entry.getKey(), value);
                    }
                }
            }
        }
        return new UsageView(anyCost ? cost : null, anyDuration ? duration : null, merged.isEmpty() ? null : merged);
    }

    private static boolean isNumeric(JsonNode node) {
        return node.isNumber() || node.isBoolean();
    }

    private static double numeric(JsonNode node) {
        return node.isBoolean() ? (node.asBoolean() ? 1 : 0) : node.asDouble();
    }
}
