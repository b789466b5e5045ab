package dev.poco.server.network;

import dev.poco.protocol.spec.HostPattern;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The network runs get when neither the task nor its project chose one ({@code poco.network.*}). A value that cannot
 * be read stops the server at start with a message naming the variable, instead of runs failing later.
 *
 * @param defaultMode {@code POCO_NETWORK_DEFAULT}: {@code none} (no network, today's sandbox, which keeps the warm
 *     agent pool usable), {@code allowlist} (the hosts below: the package registries) or {@code open}
 * @param allowlist {@code POCO_NETWORK_ALLOWLIST}: comma-separated host patterns, normalised; every allowlist run gets
 *     them, plus the hosts its task or project names
 */
@ConfigurationProperties("poco.network")
public record NetworkProperties(
        @Name("default") @DefaultValue("none") String defaultMode,
        @DefaultValue({"pypi.org", "files.pythonhosted.org", "registry.npmjs.org", "*.npmjs.org",
                "registry.yarnpkg.com", "github.com", "*.github.com", "*.githubusercontent.com", "codeload.github.com",
                "proxy.golang.org", "sum.golang.org", "crates.io", "static.crates.io", "index.crates.io",
                "repo.maven.apache.org", "repo1.maven.org", "deb.debian.org", "security.debian.org",
                "docs.anthropic.com", "docs.claude.com"}) List<String> allowlist) {

    public NetworkProperties {
        try {
            defaultMode = NetworkMode.parse(defaultMode).wire();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("POCO_NETWORK_DEFAULT (poco.network.default): " + e.getMessage());
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (String entry : allowlist) {
            if (entry.isBlank()) {
                continue; // "a,,b" or a trailing comma
            }
            try {
                hosts.add(HostPattern.parse(entry).text());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("POCO_NETWORK_ALLOWLIST (poco.network.allowlist): "
                        + e.getMessage());
            }
        }
        allowlist = List.copyOf(hosts);
    }

    /** The mode of runs that chose none. */
    public NetworkMode mode() {
        return NetworkMode.parse(defaultMode);
    }
}
