package dev.poco.runner.browser;

import dev.poco.runner.egress.EgressGate;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a run with {@code browser_enabled} needs on the runner's host: the {@code node_modules} that holds {@code
 * @playwright/mcp} (pinned, installed by {@code ./poco} beside Claude Code) and a Chromium. Both are bound read-only
 * into the sandbox; Chromium from {@code /usr} is visible there already.
 *
 * <p>Chromium runs with {@code --no-sandbox}: its own sandbox needs user namespaces, which the run's sandbox
 * refuses; the run's sandbox (no network, a seccomp filter, an unprivileged uid) is the boundary around it, as around
 * everything the agent runs. The profile is in memory ({@code --isolated}), so nothing of a page's session outlives
 * the browser.
 *
 * @param nodeModules the host directory holding {@code @playwright/mcp} and its {@code playwright-core}
 * @param chromium the host's Chromium binary, links resolved
 */
public record BrowserTools(Path nodeModules, Path chromium) {

    /** The server's name; poco's, so its tools are {@code mcp____poco_playwright__browser_*}, as poco's UI expects. */
    public static final String SERVER = "__poco_playwright";
    /** Where {@link #nodeModules} appears in the sandbox. */
    public static final String SANDBOX_NODE_MODULES = "/opt/poco/node_modules";
    /** Where a Chromium from outside {@code /usr} appears in the sandbox. */
    public static final String SANDBOX_CHROMIUM = "/opt/poco/bin/chromium";
    /** Where the MCP server writes its snapshots: the sandbox's private {@code /tmp}, gone with the sandbox. */
    public static final String SANDBOX_OUTPUT_DIR = "/tmp/playwright-mcp";
    /** poco's default viewport. */
    public static final String VIEWPORT = "1366x768";

    /**
     * @param runtime the directory {@code ./poco} installs Claude Code and Playwright MCP into
     * @param chromium {@code POCO_RUNNER_CHROMIUM_BIN}, or null to look for {@code chromium}, {@code chromium-browser}
     *     and {@code google-chrome} on the {@code PATH}
     * @return empty when either is missing ({@link #missing} says which)
     */
    public static Optional<BrowserTools> locate(Path runtime, @Nullable Path chromium) {
        Path modules = runtime.resolve("node_modules");
        if (!Files.isRegularFile(modules.resolve("@playwright/mcp/cli.js"))) {
            return Optional.empty();
        }
        return findChromium(chromium).map(binary -> new BrowserTools(modules, binary));
    }

    /** Why {@link #locate} found nothing, as a sentence for the run's error. */
    public static String missing(Path runtime, @Nullable Path chromium) {
        if (!Files.isRegularFile(runtime.resolve("node_modules/@playwright/mcp/cli.js"))) {
            return "the browser's MCP server (@playwright/mcp) is not installed in " + runtime
                    + ": run ./poco install-cli";
        }
        return "no Chromium on the runner's host: install it (apt-get install chromium) or set"
                + " POCO_RUNNER_CHROMIUM_BIN";
    }

    private static Optional<Path> findChromium(@Nullable Path configured) {
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(configured);
        } else {
            // Debian's /usr/bin/chromium is a shell script that sources /etc/chromium.d, which the sandbox's minimal
            // /etc does not have; its binary runs as is.
            candidates.add(Path.of("/usr/lib/chromium/chromium"));
            String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
            for (String dir : path.split(File.pathSeparator)) {
                for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                    if (!dir.isBlank()) {
                        candidates.add(Path.of(dir, name));
                    }
                }
            }
        }
        for (Path candidate : candidates) {
            try {
                Path real = candidate.toRealPath();
                if (Files.isRegularFile(real) && Files.isExecutable(real)) {
                    return Optional.of(real);
                }
            } catch (IOException e) {
                // not there; try the next
            }
        }
        return Optional.empty();
    }

    /** Whether the sandbox sees Chromium without a bind of its own. */
    public boolean chromiumVisibleInSandbox() {
        return chromium.startsWith("/usr/") || chromium.startsWith("/bin/");
    }

    /**
     * The {@code --mcp-config} value defining {@link #SERVER}.
     *
     * @param node Node.js as the sandbox sees it
     * @param egress the run's gate, whose relay the browser's traffic goes through; null when the run has no network
     *     (the browser then reaches nothing but {@code data:} pages)
     */
    public Map<String, Object> mcpConfig(String node, @Nullable EgressGate egress) {
        List<String> args = new ArrayList<>(List.of(SANDBOX_NODE_MODULES + "/@playwright/mcp/cli.js", "--headless",
                "--browser", "chromium", "--executable-path",
                chromiumVisibleInSandbox() ? chromium.toString() : SANDBOX_CHROMIUM, "--no-sandbox", "--isolated",
                "--caps", "vision", "--viewport-size", VIEWPORT, "--output-dir", SANDBOX_OUTPUT_DIR));
        if (egress != null) {
            // Everything through the gate, except the sandbox's own loopback: a dev server the agent started there
            // is reached directly (Playwright would otherwise send loopback to the proxy too).
            args.addAll(List.of("--proxy-server", egress.sandboxEnvironment().get("HTTPS_PROXY"), "--proxy-bypass",
                    "localhost,127.0.0.1,[::1]"));
        }
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("type", "stdio");
        server.put("command", node);
        server.put("args", args);
        return Map.of("mcpServers", Map.of(SERVER, server));
    }
}
