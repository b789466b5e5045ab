package dev.poco.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The server's feature packages form an acyclic graph and use each other only through their
 * public API (top-level package types) and, where a package-info declares them, only the
 * {@code allowedDependencies} it lists; {@code common}, {@code system} and {@code auth} are open
 * infrastructure. Fails the build when a boundary is crossed.
 */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(TestServerApplication.class);

    @Test
    void featuresDependOnEachOtherWithoutCyclesAndOnlyThroughTheirApi() {
        assertThat(modules.stream().map(ApplicationModule::getName)).contains("sessions", "messages", "tools",
                "questions", "runs", "tasks", "conversations", "callbacks", "events", "stream", "workspace", "attachments",
                "envvars", "claudemd", "mcp", "slashcommands", "subagents", "imports", "skills", "plugins",
                "permissions");
        modules.verify();
    }
}
