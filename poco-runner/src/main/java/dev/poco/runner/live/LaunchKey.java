package dev.poco.runner.live;

import dev.poco.protocol.spec.Browser;
import dev.poco.protocol.spec.Capabilities;
import dev.poco.protocol.spec.NetworkPolicy;
import dev.poco.protocol.spec.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything that makes one started CLI differ from another: a live agent serves a run only when the run's key
 * equals the agent's. It holds the CLI build, the argv without {@code --resume} (model, permission mode, tools,
 * setting sources and whatever flags capabilities add), the sandbox environment the runner sets, and the run spec's
 * sections that stage files or change the sandbox (capabilities — skills, plugins, MCP servers, subagents, commands,
 * CLAUDE.md —, network, repository, browser). Comparing the sections themselves rather than what a stage made of
 * them errs on the side of a cold start: two runs with the same skill ids get the same staged skills. It also holds
 * the user: empty capability lists mean "the user's own" for some sections (all of the user's slash commands), so
 * what gets staged depends on whose run it is.
 *
 * @param owner the user whose run it is
 * @param cli the CLI binary's real path, size and modification time: an upgraded CLI never serves a run
 */
public record LaunchKey(String owner, String cli, List<String> argv, Map<String, String> environment, Capabilities capabilities,
        NetworkPolicy network, @Nullable Repository repository, Browser browser) {

    public LaunchKey {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
    }

    /** Names the CLI build at {@code binary}; an unreadable binary gets a name no other key has. */
    public static String cliBuild(Path binary) {
        try {
            Path real = binary.toRealPath();
            return real + ":" + Files.size(real) + ":" + Files.getLastModifiedTime(real).toMillis();
        } catch (IOException e) {
            return binary + ":unreadable:" + System.nanoTime();
        }
    }

    /** What differs from {@code other}, for the log line of a refused candidate. */
    public String differenceFrom(LaunchKey other) {
        if (!owner.equals(other.owner)) {
            return "user";
        }
        if (!cli.equals(other.cli)) {
            return "CLI build";
        }
        if (!argv.equals(other.argv)) {
            return "command line (model, permission mode or flags)";
        }
        if (!capabilities.equals(other.capabilities)) {
            return "capabilities (skills, plugins, MCP servers, subagents, commands, CLAUDE.md)";
        }
        if (!network.equals(other.network)) {
            return "network policy";
        }
        if (!java.util.Objects.equals(repository, other.repository)) {
            return "repository";
        }
        if (!browser.equals(other.browser)) {
            return "browser";
        }
        return environment.equals(other.environment) ? "nothing" : "environment";
    }
}
