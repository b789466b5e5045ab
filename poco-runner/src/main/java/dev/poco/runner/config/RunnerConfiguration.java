package dev.poco.runner.config;

import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.workspace.WorkspaceManager;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The runner's beans; present unless {@code poco.runner.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "poco.runner.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({RunnerProperties.class, ModelEndpointProperties.class, SandboxProperties.class})
public class RunnerConfiguration {

    @Bean(destroyMethod = "close")
    SandboxDriver sandboxDriver(SandboxProperties sandbox, RunnerProperties runner,
            @Value("${poco.home}") Path home) {
        return SandboxDrivers.create(sandbox, runner, home);
    }

    @Bean
    WorkspaceManager workspaceManager(RunnerProperties runner, @Value("${poco.home}") Path home,
            SandboxDriver sandboxes) {
        Path root = runner.workspacesRoot() != null ? runner.workspacesRoot() : home.resolve("workspaces");
        return new WorkspaceManager(root, sandboxes, Duration.ofSeconds(60));
    }

    @Bean(destroyMethod = "close")
    RunnerLauncher runnerLauncher(RunnerProperties runner, ModelEndpointProperties model,
            @Value("${poco.home}") Path home, SandboxDriver sandboxes, WorkspaceManager workspaces) {
        return new RunnerLauncher(runner, model, home, sandboxes, workspaces);
    }
}
