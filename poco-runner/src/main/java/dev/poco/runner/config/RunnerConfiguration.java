package dev.poco.runner.config;

import dev.poco.runner.admission.AdmissionSettings;
import dev.poco.runner.admission.HostAdmission;
import dev.poco.runner.admission.HostBudget;
import dev.poco.runner.admission.HostResources;
import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.workspace.WorkspaceManager;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The runner's beans; present unless {@code poco.runner.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "poco.runner.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({RunnerProperties.class, ModelEndpointProperties.class, SandboxProperties.class,
        KubernetesProperties.class})
public class RunnerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RunnerConfiguration.class);

    @Bean(destroyMethod = "close")
    SandboxDriver sandboxDriver(SandboxProperties sandbox, RunnerProperties runner,
            @Value("${poco.home}") Path home, KubernetesProperties kubernetes,
            @Value("${poco.gateway.advertise-host:}") String advertiseHost) {
        return SandboxDrivers.create(sandbox, runner, home, kubernetes, advertiseHost);
    }

    @Bean
    WorkspaceManager workspaceManager(RunnerProperties runner, @Value("${poco.home}") Path home,
            SandboxDriver sandboxes) {
        Path root = runner.workspacesRoot() != null ? runner.workspacesRoot() : home.resolve("workspaces");
        return new WorkspaceManager(root, sandboxes, Duration.ofSeconds(60));
    }

    /** The host's budget for CLI starts and live sessions; runs, warm and hot processes all account against it. */
    @Bean
    HostBudget hostBudget(RunnerProperties runner) {
        HostResources host = HostResources.linux();
        AdmissionSettings settings = AdmissionSettings.forHost(runner.startConcurrency(), runner.memoryBudgetMb(),
                runner.sessionMemoryMb(), host);
        log.info("Host budget: {} CLI start(s) at once, {} live session(s) of {} MB within {} MB",
                settings.maxStarts(), settings.maxSessions(), settings.sessionMemoryMb(), settings.memoryBudgetMb());
        return new HostAdmission(settings, host);
    }

    @Bean(destroyMethod = "close")
    RunnerLauncher runnerLauncher(RunnerProperties runner, ModelEndpointProperties model,
            @Value("${poco.home}") Path home, SandboxDriver sandboxes, WorkspaceManager workspaces,
            HostBudget budget) {
        return new RunnerLauncher(runner, model, home, sandboxes, workspaces, budget);
    }
}
