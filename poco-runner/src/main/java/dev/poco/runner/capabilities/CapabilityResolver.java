package dev.poco.runner.capabilities;

import dev.poco.protocol.spec.Capabilities;
import dev.poco.runner.server.ResolveAnswers;
import dev.poco.runner.server.Calls;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.ServerException;
import dev.poco.runner.server.ServerRetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Resolves a run's capabilities through the server's internal endpoints, for the run's owner, the calls of poco's
 * sequence (reference poco-execution.md §1.5, §1.6, §3.21) made at once: env-var map, MCP servers, skills, plugins,
 * subagents, slash commands (with an alias per resolved skill), CLAUDE.md. Transient failures (unreachable server, 5xx) are retried
 * with the runner's {@link ServerRetry} policy for up to {@link #RETRY_FOR}; subagents and CLAUDE.md are best
 * effort as in poco (a failure leaves them out), everything else fails the run, except that a server without the
 * env-var map or slash-command endpoint (an older Poco) is read as having none. Placeholders in MCP server
 * definitions are substituted from the env-var map ({@link Placeholders}).
 */
public final class CapabilityResolver {

    private static final Logger log = LoggerFactory.getLogger(CapabilityResolver.class);
    static final Duration RETRY_FOR = Duration.ofSeconds(30);
    private static final ServerRetry RETRY = ServerRetry.backoff(Duration.ofMillis(250), Duration.ofSeconds(4))
            .within(RETRY_FOR);
    /** Reserved for servers the executor injects itself (poco's {@code __poco_memory}); never taken from a user. */
    static final String RESERVED_MCP_PREFIX = "__poco_";

    private final ServerClient server;

    public CapabilityResolver(ServerClient server) {
        this.server = server;
    }

    /**
     * @throws CapabilityException a missing secret or a package without an id
     * @throws ServerException the server refused, or stayed unreachable past the retries
     */
    public ResolvedConfig resolve(String userId, Capabilities wanted) throws InterruptedException {
        // The calls do not depend on each other (slash commands only on the skills' names), so they go out at once:
        // one round trip instead of six before a run's agent may start.
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                Future<Map<String, String>> envFuture = calls.submit(() -> unlessMissing("env-vars map", Map.of(),
                        () -> server.envVars(userId)));
                Future<Map<String, JsonNode>> mcpFuture = calls.submit(() -> wanted.mcpServerIds().isEmpty()
                        ? Map.<String, JsonNode>of()
                        : retried(() -> server.resolveMcpConfig(userId, wanted.mcpServerIds())));
                Future<Map<String, ResolvedConfig.Staged>> skillsFuture = calls.submit(() -> packages("skill",
                        wanted.skillIds(), ids -> server.resolveSkillConfig(userId, ids)));
                Future<Map<String, ResolvedConfig.Staged>> pluginsFuture = calls.submit(() -> packages("plugin",
                        wanted.pluginIds(), ids -> server.resolvePluginConfig(userId, ids)));
                Future<ResolveAnswers.Subagents> subagentsFuture = calls.submit(() -> bestEffort("subagents",
                        ResolveAnswers.Subagents.NONE, () -> server.resolveSubagents(userId, wanted.subagentIds())));
                Future<ResolveAnswers.ClaudeMd> claudeMdFuture = calls.submit(() -> bestEffort("CLAUDE.md",
                        new ResolveAnswers.ClaudeMd(false, null), () -> server.claudeMd(userId)));
                Future<Map<String, String>> commandsFuture = wanted.skillIds().isEmpty()
                        ? calls.submit(() -> slashCommands(userId, wanted, Map.of())) : null;

                Map<String, ResolvedConfig.Staged> skills = Calls.await(skillsFuture);
                Map<String, String> commands = commandsFuture != null ? Calls.await(commandsFuture)
                        : slashCommands(userId, wanted, skills);
                return assemble(Calls.await(envFuture), Calls.await(mcpFuture), skills, Calls.await(pluginsFuture),
                        Calls.await(subagentsFuture), commands, Calls.await(claudeMdFuture));
            } catch (InterruptedException | RuntimeException e) {
                calls.shutdownNow(); // the run does not start: the other calls' answers are not needed
                throw e;
            }
        }
    }

    /**
     * The same resolution from the server's one-call answer ({@code POST /internal/run-setup}) instead of the six
     * calls. What it leaves to the runner is still asked for: the slash commands when the run has skills (an alias is
     * made for each one staged), and each package id alone when an answer lacks ids.
     */
    public ResolvedConfig resolve(String userId, Capabilities wanted, ResolveAnswers.Setup setup)
            throws InterruptedException {
        Map<String, ResolvedConfig.Staged> skills = packages("skill", wanted.skillIds(),
                ids -> ids.equals(wanted.skillIds()) ? setup.skillConfig() : server.resolveSkillConfig(userId, ids));
        Map<String, ResolvedConfig.Staged> plugins = packages("plugin", wanted.pluginIds(),
                ids -> ids.equals(wanted.pluginIds()) ? setup.pluginConfig() : server.resolvePluginConfig(userId, ids));
        Map<String, String> commands = setup.slashCommands() != null ? setup.slashCommands()
                : slashCommands(userId, wanted, skills);
        return assemble(setup.envVars(), wanted.mcpServerIds().isEmpty() ? Map.of() : setup.mcpConfig(), skills,
                plugins, setup.subagents(), commands, setup.claudeMd());
    }

    /** The answers put together: reserved MCP keys dropped, placeholders substituted, a blank CLAUDE.md as none. */
    private static ResolvedConfig assemble(Map<String, String> env, Map<String, JsonNode> mcpAnswer,
            Map<String, ResolvedConfig.Staged> skills, Map<String, ResolvedConfig.Staged> plugins,
            ResolveAnswers.Subagents subagents, Map<String, String> commands, ResolveAnswers.ClaudeMd claudeMd) {
        Map<String, JsonNode> mcp = new LinkedHashMap<>();
        mcpAnswer.forEach((key, definition) -> {
            if (key.startsWith(RESERVED_MCP_PREFIX)) {
                log.warn("Ignoring MCP server {}: the {} prefix is reserved", key, RESERVED_MCP_PREFIX);
            } else {
                mcp.put(key, Placeholders.substitute(definition, env, "MCP server '" + key + "'"));
            }
        });
        String memory = claudeMd.enabled() && claudeMd.content() != null && !claudeMd.content().isBlank()
                ? claudeMd.content() : null;
        return new ResolvedConfig(mcp, skills, plugins, subagents, commands, memory, List.copyOf(env.keySet()));
    }

    /** The slash commands of the run, with an alias for each of the resolved skills. */
    private Map<String, String> slashCommands(String userId, Capabilities wanted,
            Map<String, ResolvedConfig.Staged> skills) throws InterruptedException {
        return unlessMissing("slash-commands resolve", Map.of(), () -> server.resolveSlashCommands(userId,
                wanted.slashCommands(), List.copyOf(new TreeSet<>(skills.keySet()))));
    }

    /**
     * The enabled packages of {@code ids} by name, each with its id. poco's answer is keyed by name and carries no
     * id; when an item lacks one, each id is resolved alone to learn its name (a user's item shadows a system item of
     * the same name, so the names of the whole answer are what is staged).
     */
    private Map<String, ResolvedConfig.Staged> packages(String kind, List<Integer> ids,
            Function<List<Integer>, Map<String, ResolveAnswers.Package>> resolve) throws InterruptedException {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, ResolveAnswers.Package> answer = retried(() -> resolve.apply(ids));
        Map<String, Integer> idsByName = new HashMap<>();
        if (answer.values().stream().anyMatch(p -> p.id() == null)) {
            for (Integer id : ids) {
                for (String name : retried(() -> resolve.apply(List.of(id))).keySet()) {
                    idsByName.putIfAbsent(name, id);
                }
            }
        }
        Map<String, ResolvedConfig.Staged> staged = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        answer.forEach((name, item) -> {
            if (!item.isEnabled()) {
                return;
            }
            Integer id = item.id() != null ? item.id() : idsByName.get(name);
            if (id == null) {
                unknown.add(name);
            } else {
                staged.put(name, new ResolvedConfig.Staged(id, item.entry()));
            }
        });
        if (!unknown.isEmpty()) {
            throw new CapabilityException("The server did not say which " + kind + " package to download for "
                    + String.join(", ", unknown));
        }
        return staged;
    }

    private static <T> T retried(Supplier<T> call) throws InterruptedException {
        return RETRY.call(call, failure -> log.info("Retrying a capability call: {}", failure.getMessage()));
    }

    /**
     * A call every run makes, to an endpoint a Poco server older than the capabilities feature does not have
     * (HTTP 404): such a server has nothing of that kind for the user, so the run goes on without. Calls for ids
     * the server itself put in the spec are not excused.
     */
    private static <T> T unlessMissing(String what, T fallback, Supplier<T> call) throws InterruptedException {
        try {
            return retried(call);
        } catch (ServerException e) {
            if (e.httpStatus() != 404) {
                throw e;
            }
            log.warn("The server has no {} endpoint (older than the runner?); the run goes on without: {}", what,
                    e.getMessage());
            return fallback;
        }
    }

    private static <T> T bestEffort(String what, T fallback, Supplier<T> call) throws InterruptedException {
        try {
            return retried(call);
        } catch (ServerException e) {
            log.warn("Resolving {} failed; the run goes on without: {}", what, e.getMessage());
            return fallback;
        }
    }
}
